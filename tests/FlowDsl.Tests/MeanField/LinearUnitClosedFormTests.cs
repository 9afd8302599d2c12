using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Models.ByHand;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The linear unit Φ(θ,x) = a·x of math.md §4.9 / §6.7: rigid translation, the DD-SMF drift −(1 + α/2)(m − x*), and
/// E|m_T − x*|² against §6.5 (d = 2, σ² = 0.25, m₀ = |m(0) − x*|² = 2, T = 1, α = 1/8; golden values §6.9 d).
/// </summary>
public sealed class LinearUnitClosedFormTests
{
    private const int D = 2;
    private const int N = 3;
    private const double Sigma2 = 0.25;
    private const double Alpha = 1.0 / 8;
    private const double Horizon = 1.0;

    private static readonly MeanFieldData Data = MeanFieldTestData.LinearUnitLaw(Math.Sqrt(Sigma2));

    /// <summary>Particles around m(0) = x* + (1, 1), so m₀ = 2.</summary>
    private static double[] Initial()
    {
        double[] offsets = [0.4, -0.1, -0.3, 0.25, -0.1, -0.15];
        var x = new double[N * D];
        for (var k = 0; k < N; k++)
            for (var i = 0; i < D; i++) x[k * D + i] = LinearUnitByHand.Teacher[i] + 1 + offsets[k * D + i];
        return x;
    }

    /// <summary>The hand-written unit (span kernels) or the generated one (feature lanes at the widest width).</summary>
    private static MeanFieldEvaluator<TModel> Evaluator<TModel>(MeanFieldData data) where TModel : IMeanFieldModel
    {
        var evaluator = new MeanFieldEvaluator<TModel>(data, N);
        Assert.Equal(typeof(TModel) == typeof(LinearUnit), evaluator.LaneWidth is not null);
        return evaluator;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DdSmfDriftIsTheSme2DriftOfLinearRegression(bool lanes)
    {
        var x = Initial();
        var drift = new double[x.Length];
        if (lanes) Evaluator<LinearUnit>(Data).Drift(x, Alpha, corrected: true, drift);
        else Evaluator<LinearUnitByHand>(Data).Drift(x, Alpha, corrected: true, drift);
        var m = new double[D];
        MeasureObservables.Mean(x, D, m);
        for (var k = 0; k < N; k++)
            for (var i = 0; i < D; i++)
                Assert.Equal(-(1 + Alpha / 2) * (m[i] - LinearUnitByHand.Teacher[i]), drift[k * D + i], 1e-15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DdSmfDriftIsExactWithTheLawsExactQuadrature(bool lanes)
    {
        // The continuous P = N(0, I₂) ⊗ N(0, σ²) through Law.ExactQuadrature (degree 4) instead of the test's own rule.
        var law = Law.Product(Law.Normal(2), Law.Normal([0.0], new double[,] { { Sigma2 } }));
        var rule = law.ExactQuadrature(4) ?? throw new InvalidOperationException("no exact rule");
        var data = MeanFieldData.FromQuadrature<LinearUnitByHand>(rule);
        var x = Initial();
        var drift = new double[x.Length];
        if (lanes) Evaluator<LinearUnit>(data).Drift(x, Alpha, corrected: true, drift);
        else Evaluator<LinearUnitByHand>(data).Drift(x, Alpha, corrected: true, drift);
        for (var k = 0; k < N; k++)
            for (var i = 0; i < D; i++)
                Assert.Equal(-(1 + Alpha / 2) * 1.0, drift[k * D + i], 1e-13);
    }

    [Fact]
    public void MeanFieldOdeMovesTheMeanAlongTheGradientFlow()
    {
        // M0: m' = V = −(m − x*), so y_T = e^{−T} y₀; Heun on this linear ODE gives exactly (1 − h + h²/2)^K y₀.
        var flow = new MeanFieldFlow<LinearUnitByHand>(Data, N, MeanFieldFlowKind.MeanFieldOde, Alpha, substeps: 8);
        var x = Initial();
        MeanFieldSimulation.Run(flow, x, Horizon, seed: 1, path: 0);
        var m = new double[D];
        MeasureObservables.Mean(x, D, m);
        var h = Alpha / 8;
        var heun = Math.Pow(1 - h + h * h / 2, Horizon / h);
        for (var i = 0; i < D; i++)
        {
            Assert.Equal(heun, m[i] - LinearUnitByHand.Teacher[i], 1e-13);
            Assert.Equal(Math.Exp(-Horizon), m[i] - LinearUnitByHand.Teacher[i], 1e-4);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ParticlesTranslateRigidly(int model)
    {
        IMeanFieldStepper stepper = model switch
        {
            0 => new ParticleSgd<LinearUnitByHand>(Data, N, Alpha),
            1 => new MeanFieldFlow<LinearUnitByHand>(Data, N, MeanFieldFlowKind.DistributionDependentFlow, Alpha),
            _ => new MeanFieldFlow<LinearUnitByHand>(Data, N, MeanFieldFlowKind.DistributionDependentModifiedFlow, Alpha),
        };
        var x = Initial();
        var spread = Spread(x);
        MeanFieldSimulation.Run(stepper, x, Horizon, seed: 11, path: 5);
        var after = Spread(x);
        for (var i = 0; i < spread.Length; i++) Assert.Equal(spread[i], after[i], 1e-13);
    }

    [Fact]
    public void SgdMatchesTheExactSecondMoment()
    {
        // §6.5: E|y_N|² = ρᴺ m₀ + dα²σ²(1 − ρᴺ)/(1 − ρ), ρ = 1 − 2α + (d + 2)α²; golden 0.413607254769886.
        var rho = 1 - 2 * Alpha + (D + 2) * Alpha * Alpha;
        var steps = (int)Math.Round(Horizon / Alpha);
        var exact = Math.Pow(rho, steps) * 2 + D * Alpha * Alpha * Sigma2 * (1 - Math.Pow(rho, steps)) / (1 - rho);
        Assert.Equal(0.413607254769886, exact, 1e-14);
        AssertMeanDistance(() => new ParticleSgd<LinearUnitByHand>(Data, N, Alpha), 40_000, exact, rival: Sde(-2 + (D + 1) * Alpha));
    }

    [Fact]
    public void DdSfMatchesTheSme1SecondMoment()
    {
        // M2's mean solves SMF-1 of linear regression: E|y_T|² = e^{λ₁T} m₀ + αdσ²(e^{λ₁T} − 1)/λ₁, λ₁ = −2 + (d+1)α.
        var exact = Sde(-2 + (D + 1) * Alpha);
        Assert.Equal(0.424711362900535, exact, 1e-14);
        AssertMeanDistance(() => new MeanFieldFlow<LinearUnitByHand>(Data, N, MeanFieldFlowKind.DistributionDependentFlow, Alpha, substeps: 4), 6_000, exact, rival: Sde(-2 + D * Alpha));
    }

    [Fact]
    public void DdSmfMatchesTheSme2SecondMoment()
    {
        var exact = Sde(-2 + D * Alpha);
        Assert.Equal(0.377055960349089, exact, 1e-14);
        AssertMeanDistance(() => new MeanFieldFlow<LinearUnitByHand>(Data, N, MeanFieldFlowKind.DistributionDependentModifiedFlow, Alpha, substeps: 4), 6_000, exact, rival: Sde(-2 + (D + 1) * Alpha));
    }

    private static double Sde(double lambda) =>
        Math.Exp(lambda * Horizon) * 2 + Alpha * D * Sigma2 * (Math.Exp(lambda * Horizon) - 1) / lambda;

    /// <summary>|z| &lt; 4.5 against <paramref name="exact"/>, and |z| &gt; 4.5 against the neighbouring row <paramref name="rival"/>.</summary>
    private static void AssertMeanDistance(Func<IMeanFieldStepper> create, int paths, double exact, double rival)
    {
        var distance = new MeasureObservable("|m − x*|²", x =>
        {
            var m = new double[D];
            MeasureObservables.Mean(x, D, m);
            return Math.Pow(m[0] - LinearUnitByHand.Teacher[0], 2) + Math.Pow(m[1] - LinearUnitByHand.Teacher[1], 2);
        });
        var values = MeanFieldSimulation.RunEnsemble(create, Initial(), paths, Horizon, [distance], seed: 2026, threads: 2);
        var (mean, se) = MeanAndError(values);
        var z = (mean - exact) / se;
        Assert.True(Math.Abs(z) < 4.5, $"E|m_T − x*|² = {mean:F5} ± {se:F5}, exact {exact:F5}, z = {z:F2}");
        Assert.True(Math.Abs(mean - rival) / se > 4.5, $"E|m_T − x*|² = {mean:F5} ± {se:F5} does not resolve the other row {rival:F5}");
    }

    private static (double Mean, double Error) MeanAndError(double[,] values)
    {
        var count = values.GetLength(0);
        var mean = 0.0;
        for (var p = 0; p < count; p++) mean += values[p, 0];
        mean /= count;
        var variance = 0.0;
        for (var p = 0; p < count; p++) variance += Math.Pow(values[p, 0] - mean, 2);
        return (mean, Math.Sqrt(variance / (count - 1) / count));
    }

    private static double[] Spread(double[] x)
    {
        var m = new double[D];
        MeasureObservables.Mean(x, D, m);
        return x.Select((v, i) => v - m[i % D]).ToArray();
    }
}
