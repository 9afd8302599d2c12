using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simulation;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// SGD coupled to the Brownian path factor by factor (issue 12): normal factors θ = m + S^{1/2}ξ, finite factors by
/// quantile coupling, adaptive rules axis by axis. Each draw must have exactly the law the models see.
/// </summary>
public sealed class CoupledSgdTests(ITestOutputHelper output)
{
    /// <summary>a ~ N(0, I₂) and a label b on three values: a law of normal and finite factors.</summary>
    private static readonly Law Mixed = Law.Product(Law.Normal(2), Law.Categorical([-1.0, 0.5, 2.0], [0.2, 0.5, 0.3]));

    [Fact]
    public void AutoCouplesAProductOfNormalAndFiniteFactors()
    {
        var mean = new MeanRisk<LinearRegression>(Mixed);
        Assert.Equal(SgdSampling.Coupled, SgdSimulator<LinearRegression>.Resolve(SgdSampling.Auto, mean, 1));
        Assert.Equal(SgdSampling.Law, SgdSimulator<LinearRegression>.Resolve(SgdSampling.Auto, mean, 2));
    }

    [Fact]
    public void ACoupledDrawMapsNormalsExactlyAndFiniteFactorsByQuantiles()
    {
        var sampler = LawAxes.Of(Mixed)!.CreateSampler(null);
        var θ = new double[3];
        sampler.Draw([0.3, -1.2, -2.0], θ);
        Assert.Equal([0.3, -1.2, -1.0], θ); // Φ(−2) = 0.023 < 0.2: the smallest atom
        sampler.Draw([0.0, 0.0, 0.0], θ);
        Assert.Equal(0.5, θ[2]); // Φ(0) = 0.5 ∈ (0.2, 0.7]
        sampler.Draw([0.0, 0.0, 1.0], θ);
        Assert.Equal(2.0, θ[2]); // Φ(1) = 0.84 > 0.7
        // Over many standard normals the atoms appear with their probabilities.
        var counts = new int[3];
        const int n = 40_000;
        Span<double> ξ = stackalloc double[3];
        for (var i = 0; i < n; i++)
        {
            var rng = new CounterRng(7, (uint)i, 0, 0);
            rng.FillNormal(ξ);
            sampler.Draw(ξ, θ);
            counts[θ[2] switch { -1.0 => 0, 0.5 => 1, _ => 2 }]++;
        }
        double[] p = [0.2, 0.5, 0.3];
        for (var k = 0; k < 3; k++)
        {
            var se = Math.Sqrt(p[k] * (1 - p[k]) / n);
            Assert.True(Math.Abs(counts[k] / (double)n - p[k]) < 4.5 * se, $"atom {k}: {counts[k] / (double)n} vs {p[k]}");
        }
    }

    [Fact]
    public void OneCoupledSgdStepHasTheExactFirstAndSecondMoments()
    {
        // R = ½(a·x − b)², G = a(a·x₀) − ab: E x₁ = (1 − α)x₀ and E|x₁|² = (1 − 2α)|x₀|² + α²(4|x₀|² + 2E b²) for a ~ N(0, I₂).
        const double alpha = 0.5;
        double[] x0 = [0.7, -0.4];
        var options = new SimulationOptions { Alpha = alpha, Horizon = alpha, Paths = 40_000, StartingPoints = [x0], Law = Mixed, SgdSampling = SgdSampling.Coupled, Threads = 2 };
        var ensemble = Simulator.Sgd<LinearRegression>(options);
        var norm2 = x0[0] * x0[0] + x0[1] * x0[1];
        var b2 = 0.2 * 1 + 0.5 * 0.25 + 0.3 * 4;
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(ensemble, x => x[0]), (1 - alpha) * x0[0], "E x₁[0]", output);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(ensemble, x => x[1]), (1 - alpha) * x0[1], "E x₁[1]", output);
        MonteCarlo.AssertUnbiased(MonteCarlo.Values(ensemble, x => x[0] * x[0] + x[1] * x[1]),
            (1 - 2 * alpha) * norm2 + alpha * alpha * (4 * norm2 + 2 * b2), "E|x₁|²", output);
    }

    [Fact]
    public void WithAnAdaptiveRuleSgdDrawsExactlyFromThatRule()
    {
        // With 2 Gauss–Hermite points per axis, Q puts mass ½ on u₀ = ±1 and y = ±½ (P is continuous): every coupled draw
        // must land on those nodes, with their weights.
        var mean = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(0.5, 16));
        Assert.Equal(MeanMethod.AdaptiveQuadrature, mean.Method);
        var rule = mean.Adaptive!;
        Assert.Equal([2, 2, 2, 2], rule.Points);
        output.WriteLine(mean.Description);
        var sampler = mean.Axes!.CreateSampler(rule.Points);
        var first = new double[40_000];
        var label = new double[first.Length];
        var θ = new double[4];
        Span<double> ξ = stackalloc double[4];
        for (var i = 0; i < first.Length; i++)
        {
            var rng = new CounterRng(11, (uint)i, 0, 0);
            rng.FillNormal(ξ);
            sampler.Draw(ξ, θ);
            Assert.Equal(1.0, Math.Abs(θ[0]), 14);
            Assert.Equal(0.5, Math.Abs(θ[3]), 14);
            (first[i], label[i]) = (θ[0], θ[3]);
        }
        MonteCarlo.AssertUnbiased(first, 0, "E u₀ under coupled draws from Q", output);
        MonteCarlo.AssertUnbiased(label, 0, "E y under coupled draws from Q", output);
        Assert.Equal(SgdSampling.Coupled, SgdSimulator<TwoLayerTanh>.Resolve(SgdSampling.Auto, mean, 1));
        Assert.Throws<ArgumentException>(() => SgdSimulator<TwoLayerTanh>.Resolve(SgdSampling.Brownian, mean, 1));
    }
}
