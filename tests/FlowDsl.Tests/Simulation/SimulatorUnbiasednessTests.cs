using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Simulation;

/// <summary>Every simulator, running the GENERATED sample models, is unbiased at a fixed α against exact values (math.md §7.5), |z| &lt; 4.5.</summary>
public sealed class SimulatorUnbiasednessTests(ITestOutputHelper output)
{
    private static SimulationOptions Options(double alpha, int paths, params double[][] points) =>
        new() { Alpha = alpha, Paths = paths, StartingPoints = points, Seed = 2024 };

    [Fact]
    public void SgdOnOuMatchesTheGoldenMoments()
    {
        // §6.9 (a): α = 1/8, u = 1: E x = 0.343608915805817, E x² = 0.176862614553166.
        var e = Simulator.Sgd<OrnsteinUhlenbeck1D>(Options(1.0 / 8, 20_000, [1.0]));
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0]), 0.343608915805817, "SGD E x", output);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), 0.176862614553166, "SGD E x²", output);
    }

    [Fact]
    public void SgdWithLawSamplingAndBatchMatchesClosedForm()
    {
        // Batch B: Σ → Σ/B, so the SGD covariance is αS(1 − q²)/(2 − α) with S = 1/B.
        var o = Options(1.0 / 8, 20_000, [1.0]) with { Batch = 4 };
        var e = Simulator.Sgd<OrnsteinUhlenbeck1D>(o);
        var exact = ClosedForms.OuSgd(1.0 / 8, 1, 1, 0.25);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), exact.Second, "SGD B=4 E x²", output);
    }

    [Fact]
    public void SgdOnRademacherMultiplicativeMatchesTheGoldenMoment()
    {
        // §6.9 (b): α = 1/8: SGD E x² = 0.138777878078145.
        var e = Simulator.Sgd<Multiplicative>(Options(1.0 / 8, 20_000, [1.0]));
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), 0.138777878078145, "SGD mult E x²", output);
    }

    [Fact]
    public void NPointSgdSharesTheData()
    {
        // §6.4 additive, u = ±1: E[x₁x₂] = mean₁mean₂ + C_SGD with C_SGD = αS(1 − q²)/(2 − α).
        var alpha = 1.0 / 8;
        var e = Simulator.Sgd<OrnsteinUhlenbeck1D>(Options(alpha, 20_000, [1.0], [-1.0]));
        var q = Math.Pow(1 - alpha, 8);
        var cov = alpha * (1 - q * q) / (2 - alpha);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, (x, y) => x[0] * y[0]), -q * q + cov, "SGD E[x1x2]", output);
        // The difference is deterministic: x₁ − x₂ = (1 − α)^N (u₁ − u₂).
        foreach (var v in MonteCarlo.Values(e, (x, y) => x[0] - y[0])) Assert.Equal(2 * q, v, 12);
    }

    [Theory]
    [InlineData(SchemeKind.StochasticHeun)]
    [InlineData(SchemeKind.EulerMaruyama)]
    [InlineData(SchemeKind.Platen)]
    [InlineData(SchemeKind.ExactLinear)]
    public void Smf2OnOuIsUnbiased(SchemeKind scheme)
    {
        // Additive noise: SH2 and Platen have O(h²) bias, EM O(h) (K = 16 keeps it below the MC error), exact none.
        var alpha = 1.0 / 4;
        var o = Options(alpha, 20_000, [1.0]) with { Scheme = scheme, Substeps = scheme == SchemeKind.EulerMaruyama ? 64 : 4 };
        var e = Simulator.Continuous<OrnsteinUhlenbeck1D>(ContinuousModel.Smf2, o);
        var exact = ClosedForms.OuSme2(alpha, 1, 1, 1);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0]), exact.Mean, $"SMF-2 {scheme} E x", output);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), exact.Second, $"SMF-2 {scheme} E x²", output);
    }

    [Theory]
    [InlineData(SchemeKind.StochasticHeun)]
    [InlineData(SchemeKind.Platen)]
    [InlineData(SchemeKind.ExactLinear)]
    public void Smf2OnMultiplicativeIsUnbiased(SchemeKind scheme)
    {
        // Geometric BM: E x² = e^{((s²−1)α − 2)T}; SMF noise over the two Rademacher atoms.
        var alpha = 1.0 / 4;
        var e = Simulator.Continuous<Multiplicative>(ContinuousModel.Smf2, Options(alpha, 20_000, [1.0]) with { Scheme = scheme });
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), ClosedForms.MultiplicativeSmf2Second(alpha, 1, 1, 1), $"SMF-2 {scheme} E x²", output);
    }

    [Fact]
    public void Sme1OnMultiplicativeIsUnbiased()
    {
        var alpha = 1.0 / 4;
        var e = Simulator.Continuous<Multiplicative>(ContinuousModel.Sme1, Options(alpha, 20_000, [1.0]));
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0]), ClosedForms.MultiplicativeSme1Second(alpha, 1, 1, 1), "SME-1 E x²", output);
    }

    [Fact]
    public void Sme2OnLinearRegressionIsUnbiased()
    {
        var alpha = 1.0 / 4;
        var e = Simulator.Continuous<LinearRegression>(ContinuousModel.Sme2, Options(alpha, 20_000, [1.0, 1.0]));
        var exact = ClosedForms.RegressionSme(alpha, 1, 2, 2, LinearRegression.NoiseVariance, 2);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0] + x[1] * x[1]), exact, "SME-2 E|y|²", output);
    }

    [Fact]
    public void Smf2OnLinearRegressionIsUnbiased()
    {
        var alpha = 1.0 / 4;
        var e = Simulator.Continuous<LinearRegression>(ContinuousModel.Smf2, Options(alpha, 20_000, [1.0, 1.0]));
        var exact = ClosedForms.RegressionSme(alpha, 1, 2, 2, LinearRegression.NoiseVariance, 2);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(e, x => x[0] * x[0] + x[1] * x[1]), exact, "SMF-2 E|y|²", output);
    }

    [Fact]
    public void IndependentAndSharedSmeCopiesGiveTheirOwnCrossMoments()
    {
        // §6.4 multiplicative with u₁ = 1, u₂ = −1: independent copies e^{−(2+α)T}u₁u₂, one shared BM e^{−(2+α+α)T}u₁u₂,
        // SMF e^{((s²−1)α−2)T}u₁u₂.
        var alpha = 1.0 / 4;
        var o = Options(alpha, 20_000, [1.0], [-1.0]) with { Scheme = SchemeKind.StochasticHeun, Substeps = 8 };
        var independent = Simulator.Continuous<Multiplicative>(ContinuousModel.Sme2, o);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(independent, (x, y) => x[0] * y[0]), ClosedForms.MultiplicativeSme2IndependentCross(alpha, 1, 1, -1), "SME-2 indep E[x1x2]", output);
        var shared = Simulator.Continuous<Multiplicative>(ContinuousModel.Sme2SharedBrownian, o);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(shared, (x, y) => x[0] * y[0]), ClosedForms.MultiplicativeSme2SharedCross(alpha, 1, 1, -1, 1), "SME-2 shared E[x1x2]", output);
        var smf = Simulator.Continuous<Multiplicative>(ContinuousModel.Smf2, o);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(smf, (x, y) => x[0] * y[0]), -ClosedForms.MultiplicativeSmf2Second(alpha, 1, 1, 1), "SMF-2 E[x1x2]", output);
    }
}
