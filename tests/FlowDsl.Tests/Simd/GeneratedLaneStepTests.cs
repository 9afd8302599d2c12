using FlowDsl.Fused;
using FlowDsl.IntegrationTests.Generated;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// The generator's fused lane steps run by <see cref="FusedSgd"/> / <see cref="FusedSmf"/>: the same bits for every SIMD
/// width, thread count and time-fusion chunk (the scalar width is the reference), and the same numbers as independent
/// loops over the span kernels (1e-11 relative: the folded steps collect terms, e.g. x(1 − α) + αθ, and use FMA).
/// </summary>
public class GeneratedLaneStepTests
{
    private const int Particles = 37; // a partial tile and a scalar tail at every width
    private const int Steps = 30;
    private const double α = 0.1, h = 0.025;
    private const ulong Seed = 7;

    /// <summary>Every width × (threads, chunk) of <see cref="FusedEnsembleTests.Configurations"/>.</summary>
    public static TheoryData<SimdWidth, int, int> Configurations => FusedEnsembleTests.Configurations;

    private static double[] Start(int d, int particles = Particles) =>
        Enumerable.Range(0, d * particles).Select(k => Math.Sin(0.7 * k + 0.3) * 1.5).ToArray();

    private static EmpiricalLaw RegressionSample(int atoms)
    {
        var rows = new double[atoms][];
        for (var j = 0; j < atoms; j++)
        {
            var random = new CounterRng(99, 0, (uint)j, 0);
            rows[j] = new double[3];
            LinearRegression.P.Sample(ref random, rows[j]);
        }
        return Law.Empirical(rows);
    }

    private static double[] RunSgd<TStep>(Law law, int d, FusedOptions options) where TStep : ILaneStep
    {
        var state = Start(d);
        FusedSgd.Run<TStep>(state, Particles, law, α, Steps, Seed, path: 3, options);
        return state;
    }

    private static double[] RunSmf<TStep>(Law law, int d, FusedOptions options) where TStep : IFactoredLaneStep
    {
        var state = Start(d);
        FusedSmf.Run<TStep>(state, Particles, law, α, h, Steps, Seed, path: 3, options);
        return state;
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Sgd_lane_steps_give_the_same_bits_at_every_width_thread_count_and_chunk(SimdWidth width, int threads, int chunk)
    {
        var options = new FusedOptions(width, threads, chunk);
        var reference = new FusedOptions(SimdWidth.Scalar, 1, 256);
        AssertBitIdentical(RunSgd<QuadraticLanes.SgdLaneStep>(Quadratic.P, 3, reference), RunSgd<QuadraticLanes.SgdLaneStep>(Quadratic.P, 3, options), "Quadratic SGD");
        AssertBitIdentical(RunSgd<LinearRegression.SgdLaneStep>(LinearRegression.P, 2, reference), RunSgd<LinearRegression.SgdLaneStep>(LinearRegression.P, 2, options), "regression SGD");
        AssertBitIdentical(RunSgd<Multiplicative.SgdLaneStep>(Multiplicative.P, 1, reference), RunSgd<Multiplicative.SgdLaneStep>(Multiplicative.P, 1, options), "Multiplicative SGD");
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Smf_lane_steps_give_the_same_bits_at_every_width_thread_count_and_chunk(SimdWidth width, int threads, int chunk)
    {
        var options = new FusedOptions(width, threads, chunk);
        var reference = new FusedOptions(SimdWidth.Scalar, 1, 256);
        var sample = RegressionSample(64);
        AssertBitIdentical(RunSmf<LinearRegression.Smf2LaneStep>(sample, 2, reference), RunSmf<LinearRegression.Smf2LaneStep>(sample, 2, options), "regression SMF-2, N = 64");
        AssertBitIdentical(RunSmf<LinearRegression.Smf1LaneStep>(LinearRegression.P, 2, reference), RunSmf<LinearRegression.Smf1LaneStep>(LinearRegression.P, 2, options), "regression SMF-1, Gaussian P");
        AssertBitIdentical(RunSmf<Multiplicative.Smf2LaneStep>(Multiplicative.P, 1, reference), RunSmf<Multiplicative.Smf2LaneStep>(Multiplicative.P, 1, options), "Multiplicative SMF-2");
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Per_lane_noise_steps_give_the_same_bits_at_every_width_thread_count_and_chunk(SimdWidth width, int threads, int chunk)
    {
        // SME and independent SGD draw normals per particle (counter block = particle index, one block per step pair), so
        // lanes, threads and chunks (an odd chunk starts in the middle of a pair) do not matter.
        var options = new FusedOptions(width, threads, chunk);
        var reference = new FusedOptions(SimdWidth.Scalar, 1, 256);
        double[] Sme(FusedOptions o)
        {
            var state = Start(2);
            FusedSme.Run<LinearRegression.Sme2LaneStep>(state, Particles, LinearRegression.P, α, h, Steps, Seed, path: 3, o);
            return state;
        }
        double[] Independent(FusedOptions o)
        {
            var state = Start(3);
            FusedSgd.RunIndependent<QuadraticLanes.SgdIndependentLaneStep>(state, Particles, Quadratic.P, α, Steps, Seed, path: 3, o);
            return state;
        }
        double[] OneNormal(FusedOptions o)
        {
            var state = Start(1);
            FusedSme.Run<Multiplicative.Sme2LaneStep>(state, Particles, Multiplicative.P, α, h, Steps, Seed, path: 3, o);
            return state;
        }
        AssertBitIdentical(Sme(reference), Sme(options), "regression SME-2");
        AssertBitIdentical(OneNormal(reference), OneNormal(options), "Multiplicative SME-2 (one normal per step)");
        AssertBitIdentical(Independent(reference), Independent(options), "Quadratic independent SGD");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sme_lane_step_increments_have_covariance_alpha_h_sigma(int order)
    {
        // One SH2 step of independent copies from the same y: Cov(Y') = αhΣ(y) + O(h²), with Σ(y) = |y|²I + yyᵀ + σ²I (§6.5).
        const int n = 1 << 18;
        const double smallH = 1e-3;
        double[] y = [0.8, -0.5];
        var state = new double[2 * n];
        Array.Fill(state, y[0], 0, n);
        Array.Fill(state, y[1], n, n);
        if (order == 1) FusedSme.Run<LinearRegression.Sme1LaneStep>(state, n, LinearRegression.P, α, smallH, 1, Seed);
        else FusedSme.Run<LinearRegression.Sme2LaneStep>(state, n, LinearRegression.P, α, smallH, 1, Seed);
        var σ2 = LinearRegression.NoiseVariance;
        var norm2 = y[0] * y[0] + y[1] * y[1];
        double Σ(int i, int j) => (i == j ? norm2 + σ2 : 0) + y[i] * y[j];
        var mean = new[] { state.Take(n).Average(), state.Skip(n).Average() };
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
            {
                var covariance = Enumerable.Range(0, n).Sum(p => (state[i * n + p] - mean[i]) * (state[j * n + p] - mean[j])) / (n - 1);
                var expected = α * smallH * Σ(i, j);
                var se = α * smallH * Math.Sqrt((Σ(i, i) * Σ(j, j) + Σ(i, j) * Σ(i, j)) / n);
                Assert.True(Math.Abs(covariance - expected) < 4.5 * se + 5e-3 * α * smallH * Σ(i, i),
                    $"SME-{order}: Cov[{i},{j}] = {covariance:R}, expected αhΣ = {expected:R} (SE {se:E2})");
            }
    }

    [Fact]
    public void Independent_sgd_lane_step_has_the_sgd_one_step_law()
    {
        // x' = x − αa(a·x − b), θ = (a, b) ~ N(0, diag(1, 1, σ²)) per particle: E x' = (1 − α)x, Cov x' = α²Σ(x).
        const int n = 1 << 18;
        double[] x = [0.6, 0.9];
        var state = new double[2 * n];
        Array.Fill(state, x[0], 0, n);
        Array.Fill(state, x[1], n, n);
        FusedSgd.RunIndependent<LinearRegression.SgdIndependentLaneStep>(state, n, LinearRegression.P, α, 1, Seed);
        var norm2 = x[0] * x[0] + x[1] * x[1];
        double Σ(int i, int j) => (i == j ? norm2 + LinearRegression.NoiseVariance : 0) + x[i] * x[j];
        for (var i = 0; i < 2; i++)
        {
            var mean = state.Skip(i * n).Take(n).Average();
            var se = α * Math.Sqrt(Σ(i, i) / n);
            Assert.True(Math.Abs(mean - (1 - α) * x[i]) < 4.5 * se, $"E x'[{i}] = {mean:R}, expected {(1 - α) * x[i]:R} (SE {se:E2})");
            var variance = state.Skip(i * n).Take(n).Sum(v => (v - mean) * (v - mean)) / (n - 1);
            // Var of a sample variance of a non-Gaussian variable: bounded here through the fourth moment, ≤ 3·(α²Σᵢᵢ)²·(kurtosis ≤ 15)/n.
            var varianceSe = α * α * Σ(i, i) * Math.Sqrt(15.0 / n);
            Assert.True(Math.Abs(variance - α * α * Σ(i, i)) < 4.5 * varianceSe, $"Var x'[{i}] = {variance:R}, expected {α * α * Σ(i, i):R}");
        }
    }

    [Fact]
    public void Per_lane_noise_steps_refuse_what_they_cannot_do()
    {
        var sme = Assert.Throws<ArgumentException>(() => FusedEnsemble.Run<LinearRegression.Sme2LaneStep>(Start(2), Particles, new double[2 + 5 + 25], [], 3));
        Assert.Contains("LaneNormals", sme.Message);
        var law = Assert.Throws<NotSupportedException>(() => FusedSgd.RunIndependent<Multiplicative.SgdIndependentLaneStep>(Start(1), Particles, Multiplicative.P, α, 3, Seed));
        Assert.Contains("Gaussian", law.Message);
        var smf = Assert.Throws<ArgumentException>(() => FusedSme.Run<LinearRegression.Smf2LaneStep>(Start(2), Particles, LinearRegression.P, α, h, 3, Seed));
        Assert.Contains("not an SME step", smf.Message);
    }

    [Fact]
    public void FusedSgd_matches_a_plain_sgd_loop_over_the_generated_gradient()
    {
        var state = RunSgd<QuadraticLanes.SgdLaneStep>(Quadratic.P, 3, default);
        var expected = Start(3);
        var θ = new double[3];
        for (var i = 0; i < Steps; i++)
        {
            var random = new CounterRng(Seed, 3, (uint)i, 0);
            Quadratic.P.Sample(ref random, θ);
            for (var p = 0; p < Particles; p++)
            {
                var x = Enumerable.Range(0, 3).Select(c => expected[c * Particles + p]).ToArray();
                var next = x.Zip(RiskModelChecks.Gradient<Quadratic>(x, θ), (xi, gi) => xi - α * gi).ToArray();
                for (var c = 0; c < 3; c++) expected[c * Particles + p] = next[c];
            }
        }
        AssertClose(expected, state, "Quadratic FusedSgd vs x − α∇R loop");
    }

    [Fact]
    public void FusedSgd_trajectory_follows_from_the_exposed_theta_sequence_through_an_independent_plain_loop()
    {
        // Linear regression R = ½(a·x − b)², ∇ₓR = (a·x − b)·a written by hand; θᵢ = (a, b) from FusedSgd.DrawThetas.
        var state = Start(2);
        FusedSgd.Run<LinearRegression.SgdLaneStep>(state, Particles, LinearRegression.P, α, Steps, Seed, path: 3, new FusedOptions(Threads: 2, StepChunk: 7));
        var θs = FusedSgd.DrawThetas(LinearRegression.P, Steps, Seed, path: 3);
        Assert.Equal(Steps * 3, θs.Length);
        var expected = Start(2);
        for (var p = 0; p < Particles; p++)
        {
            double x0 = expected[p], x1 = expected[Particles + p];
            for (var i = 0; i < Steps; i++)
            {
                double a0 = θs[3 * i], a1 = θs[3 * i + 1], b = θs[3 * i + 2];
                var residual = a0 * x0 + a1 * x1 - b;
                (x0, x1) = (x0 - α * residual * a0, x1 - α * residual * a1);
            }
            (expected[p], expected[Particles + p]) = (x0, x1);
        }
        AssertClose(expected, state, "regression FusedSgd vs a plain loop over DrawThetas");

        // The recipe: θᵢ is the law's sample from the counter stream (seed, path, i, 0), one stream per step.
        var θ = new double[3];
        for (var i = 0; i < Steps; i++)
        {
            var random = new CounterRng(Seed, 3, (uint)i, 0);
            LinearRegression.P.Sample(ref random, θ);
            Assert.Equal(θ, θs[(3 * i)..(3 * i + 3)]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FusedSmf_with_an_empirical_law_follows_the_unfactored_atom_noise_path_by_path(int order)
    {
        // The factored noise Σₖ gₖ(x)ζₖ with ζₖ = Σⱼ √pⱼ ψₖ(θⱼ) √h ξⱼ is, for the same ξ, the unfactored Σⱼ √pⱼ G(x,θⱼ) √h ξⱼ.
        var sample = RegressionSample(64);
        var state = order == 1 ? RunSmf<LinearRegression.Smf1LaneStep>(sample, 2, default) : RunSmf<LinearRegression.Smf2LaneStep>(sample, 2, default);
        var support = sample.Support;
        var expected = Start(2);
        var ξ = new double[support.Count];
        for (var i = 0; i < Steps; i++)
        {
            new CounterRng(Seed, 3, (uint)i, 1).FillNormal(ξ);
            for (var p = 0; p < Particles; p++)
            {
                double[] y = [expected[p], expected[Particles + p]];
                var next = LaneStepChecks.UnfactoredSh2<LinearRegression>(y, support.Nodes, support.Weights, ξ, α, h, order);
                (expected[p], expected[Particles + p]) = (next[0], next[1]);
            }
        }
        AssertClose(expected, state, $"regression SMF-{order}, N = 64, fused factored vs unfactored SH2");
    }

    [Fact]
    public void Generated_regression_smf2_matches_the_hand_derived_AVX512_kernel_and_the_naive_unfactored_loop()
    {
        // The benchmark baselines, derived by hand from the math (HandTunedAvx512Kernels.RegressionSmf2, NaiveBaselines).
        var sample = RegressionSample(64);
        var support = sample.Support;
        var generated = RunSmf<LinearRegression.Smf2LaneStep>(sample, 2, default);
        var ξ = new double[Steps * support.Count];
        for (var i = 0; i < Steps; i++) new CounterRng(Seed, 3, (uint)i, 1).FillNormal(ξ.AsSpan(i * support.Count, support.Count));

        var handTuned = Start(2);
        FlowDsl.Benchmarks.Baselines.HandTunedAvx512Kernels.RegressionSmf2(handTuned, α, h, support.Nodes, support.Weights, ξ, Steps);
        AssertClose(handTuned, generated, "generated vs hand-tuned regression SMF-2");

        var start = Start(2);
        var naive = new double[start.Length]; // AoS
        for (var p = 0; p < Particles; p++) (naive[2 * p], naive[2 * p + 1]) = (start[p], start[Particles + p]);
        FlowDsl.Benchmarks.Baselines.NaiveBaselines.RegressionSmf2Unfactored(naive, α, h, support.Nodes, support.Weights, ξ, Steps);
        AssertClose(Enumerable.Range(0, 2 * Particles).Select(k => naive[2 * (k % Particles) + k / Particles]).ToArray(), generated, "generated vs naive unfactored regression SMF-2");
    }

    [Fact]
    public void Factored_noise_for_a_Gaussian_law_has_the_covariance_and_mean_of_the_factors()
    {
        // Γ and β come from an exact quadrature; compare with a Monte Carlo estimate from the law itself (|z| < 4.5).
        var noise = new FactoredNoise<LinearRegression.Smf2LaneStep>(LinearRegression.P);
        var k = LinearRegression.Smf2LaneStep.FactorCount;
        Assert.False(noise.IsCylindrical);
        Assert.Equal(k, noise.NoiseCount);
        var root = new double[k * k]; // column c = ζ for ξ = e_c, h = 1
        var unit = new double[k];
        for (var c = 0; c < k; c++)
        {
            Array.Clear(unit);
            unit[c] = 1;
            noise.Increment(unit, 1.0, root.AsSpan(c * k, k));
        }
        const int samples = 200_000;
        var θ = new double[3];
        var b = new double[k];
        var sum = new double[k];
        var products = new double[k * k];
        var squares = new double[k * k];
        for (var s = 0; s < samples; s++)
        {
            var random = new CounterRng(5, 0, (uint)s, 0);
            LinearRegression.P.Sample(ref random, θ);
            LinearRegression.Smf2LaneStep.DataFactors(θ, b);
            for (var a = 0; a < k; a++)
            {
                sum[a] += b[a];
                for (var c = 0; c < k; c++) products[a * k + c] += b[a] * b[c];
            }
        }
        for (var a = 0; a < k; a++)
        {
            var mean = sum[a] / samples;
            Assert.True(Math.Abs(noise.Mean[a] - mean) < 4.5 * Math.Sqrt(products[a * k + a] / samples / samples) + 1e-12, $"β[{a}] = {noise.Mean[a]}, Monte Carlo {mean}");
            for (var c = 0; c < k; c++)
            {
                var gram = Enumerable.Range(0, k).Sum(m => root[m * k + a] * root[m * k + c]);
                var covariance = products[a * k + c] / samples - sum[a] / samples * (sum[c] / samples);
                // SE of a product moment ≈ √(E[(bₐb_c)²]/n) ≤ √(E bₐ⁴ E b_c⁴ / n)^{1/2}; a loose bound from the second moments suffices here.
                var se = Math.Sqrt(3 * products[a * k + a] / samples * (products[c * k + c] / samples) / samples);
                Assert.True(Math.Abs(gram - covariance) < 4.5 * se + 1e-12, $"Γ[{a},{c}] = {gram}, Monte Carlo {covariance} (SE {se})");
            }
        }
    }

    [Fact]
    public void Bad_arguments_and_divergence_are_reported_by_name()
    {
        var state = Start(3);
        var α = Assert.Throws<ArgumentOutOfRangeException>(() => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(state, Particles, Quadratic.P, -0.1, 5, Seed));
        Assert.Contains("learning rate", α.Message);
        var law = Assert.Throws<ArgumentException>(() => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(state, Particles, Law.Normal(dimension: 2), 0.1, 5, Seed));
        Assert.Contains("dimension 2", law.Message);
        var smf = Assert.Throws<ArgumentException>(() => FusedSmf.Run<LinearRegression.Smf2LaneStep>(Start(2), Particles, Law.Normal(dimension: 2), 0.1, 0.01, 5, Seed));
        Assert.Contains("θ has length 3", smf.Message);
        var diverged = Assert.Throws<FlowDsl.Simulation.DivergenceException>(() => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(state, Particles, Quadratic.P, 50, 400, Seed));
        Assert.Contains("particle", diverged.Message);
    }

    private static void AssertBitIdentical(double[] expected, double[] actual, string what)
    {
        for (var k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(actual[k]),
                $"{what}: element {k} is {actual[k]:R}, expected {expected[k]:R}");
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        for (var k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-11 * Math.Max(1.0, Math.Abs(expected[k])),
                $"{what}: element {k} is {actual[k]:R}, expected {expected[k]:R}");
    }
}
