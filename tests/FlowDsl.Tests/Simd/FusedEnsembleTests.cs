using FlowDsl.Fused;
using FlowDsl.Random;
using FlowDsl.Simulation;
using FlowDsl.Simd;
using FlowDsl.Benchmarks.Baselines;
using FlowDsl.Models;
using FlowDsl.Tests.Simd.Kernels;
using FlowDsl.Tests.Simd.Models;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// The fused, time-fused, multi-threaded ensemble stepper against the naive scalar loops: bit-exact where the arithmetic is
/// the same (lane adapters; generated SGD steps vs the hand-tuned AVX-512 kernels), within 1e-13 relative where FMA
/// contraction or collected terms round differently (generated steps vs naive loops), for every width, thread count and chunk size.
/// </summary>
public class FusedEnsembleTests
{
    private const double α = 0.05;

    public static TheoryData<SimdWidth, int, int> Configurations
    {
        get
        {
            var data = new TheoryData<SimdWidth, int, int>();
            foreach (var width in SimdWidths.Supported)
                foreach (var (threads, chunk) in new[] { (1, 256), (2, 7), (3, 1) })
                    data.Add(width, threads, chunk);
            return data;
        }
    }

    /// <summary>Particles that leave a partial tile and a scalar tail at every width.</summary>
    private const int Particles = 301;
    private const int Steps = 40;

    private static double[] Normals(int count, uint stream)
    {
        var values = new double[count];
        CounterNormals.Fill(42, 0, 0, stream, values);
        return values;
    }

    private static double[] ToAoS(double[] soa, int d)
    {
        var n = soa.Length / d;
        var aos = new double[soa.Length];
        for (var p = 0; p < n; p++)
            for (var i = 0; i < d; i++) aos[p * d + i] = soa[i * n + p];
        return aos;
    }

    private static void AssertBitIdentical(double[] expected, double[] actual, string what)
    {
        for (var k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(actual[k]),
                $"{what}: element {k} is {actual[k]:R}, expected {expected[k]:R}");
    }

    private static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        for (var k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= relative * Math.Max(1.0, Math.Abs(expected[k])),
                $"{what}: element {k} is {actual[k]:R}, expected {expected[k]:R}");
    }

    private static void SgdMatchesNaive<TGradient>(int d, SimdWidth width, int threads, int chunk) where TGradient : ILaneGradient
    {
        var thetas = Normals(Steps * d, 0);
        var initial = Normals(d * Particles, 1);
        var fused = (double[])initial.Clone();
        FusedEnsemble.Run<SgdLaneStep<TGradient>>(fused, Particles, [α], thetas, Steps, new FusedOptions(width, threads, chunk));
        var naive = ToAoS(initial, d);
        NaiveBaselines.QuadraticSgd(naive, d, α, thetas, Steps);
        AssertBitIdentical(naive, ToAoS(fused, d), $"SGD d={d}, {width}, {threads} threads, chunk {chunk}");
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Sgd_from_the_lane_gradient_is_bit_identical_to_the_naive_loop_d2(SimdWidth width, int threads, int chunk) =>
        SgdMatchesNaive<QuadraticLane2>(2, width, threads, chunk);

    [Theory, MemberData(nameof(Configurations))]
    public void Sgd_from_the_lane_gradient_is_bit_identical_to_the_naive_loop_d8(SimdWidth width, int threads, int chunk) =>
        SgdMatchesNaive<QuadraticLane8>(8, width, threads, chunk);

    [Theory, MemberData(nameof(Configurations))]
    public void Generated_sgd_step_matches_the_naive_loop_to_rounding_and_the_hand_tuned_kernel_exactly(SimdWidth width, int threads, int chunk)
    {
        var thetas = Normals(Steps * 2, 0);
        var initial = Normals(2 * Particles, 1);
        var folded = (double[])initial.Clone();
        FusedEnsemble.Run<QuadraticD2.SgdLaneStep>(folded, Particles, [α], thetas, Steps, new FusedOptions(width, threads, chunk));
        var naive = ToAoS(initial, 2);
        NaiveBaselines.QuadraticSgd(naive, 2, α, thetas, Steps);
        // x(1−α) + αθ with one FMA vs x − α(x − θ): the same map, rounded differently.
        AssertClose(naive, ToAoS(folded, 2), 1e-13, $"folded SGD, {width}");
        var handTuned = (double[])initial.Clone();
        HandTunedAvx512Kernels.QuadraticSgd2(handTuned, α, thetas, Steps);
        AssertBitIdentical(handTuned, folded, $"folded SGD vs hand-tuned, {width}");
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Generated_sgd_step_d8_matches_the_hand_tuned_kernel_exactly(SimdWidth width, int threads, int chunk)
    {
        var thetas = Normals(Steps * 8, 0);
        var initial = Normals(8 * Particles, 1);
        var folded = (double[])initial.Clone();
        FusedEnsemble.Run<QuadraticD8.SgdLaneStep>(folded, Particles, [α], thetas, Steps, new FusedOptions(width, threads, chunk));
        var handTuned = (double[])initial.Clone();
        HandTunedAvx512Kernels.QuadraticSgd8(handTuned, α, thetas, Steps);
        AssertBitIdentical(handTuned, folded, $"folded SGD d=8 vs hand-tuned, {width}");
    }

    [Theory, MemberData(nameof(Configurations))]
    public void Sh2_from_the_lane_sde_is_bit_identical_to_the_naive_loop(SimdWidth width, int threads, int chunk)
    {
        const double h = α / 4;
        var ΔW = Normals(Steps, 0).Select(z => z * Math.Sqrt(h)).ToArray();
        var initial = Normals(Particles, 1);
        var fused = (double[])initial.Clone();
        FusedEnsemble.Run<Sh2LaneStep<MultiplicativeLane>>(fused, Particles, [α, h], ΔW, Steps, new FusedOptions(width, threads, chunk));
        var naive = (double[])initial.Clone();
        NaiveBaselines.MultiplicativeSh2(naive, α, h, ΔW, Steps);
        AssertBitIdentical(naive, fused, $"SH2, {width}, {threads} threads, chunk {chunk}");

        // The generated SMF-2 step: G = −θx factors as g(x) = x, ψ = −θ (β = E(1 + θ) = 1), so ζ = −ΔW reproduces −√α·x·ΔW.
        var generated = (double[])initial.Clone();
        FusedEnsemble.Run<Multiplicative.Smf2LaneStep>(generated, Particles, [α, h, 1.0], ΔW.Select(w => -w).ToArray(), Steps, new FusedOptions(width, threads, chunk));
        AssertClose(naive, generated, 1e-13, $"generated SH2, {width}");
        var handTuned = (double[])initial.Clone();
        HandTunedAvx512Kernels.MultiplicativeSh2(handTuned, α, h, ΔW, Steps);
        AssertClose(handTuned, generated, 1e-13, $"generated SH2 vs hand-tuned, {width}");
    }

    [Fact]
    public void Sh2_of_the_multiplicative_smf_matches_the_exact_one_step_second_moment()
    {
        // math.md §5.2 check: one SH2 step of dX = −cX dt − σX dW gives E X'² = X²[(1−ch+½c²h²)² + σ²h(1−ch)²]... here with
        // midpoint diffusion: X' = X[1 + A/2·(2 + A + B) + B(1 + A/2)], A = −ch, B = −σΔW. Averaging over ΔW = ±√h·ξ exactly:
        // E X'/X = 1 + A + A²/2, E (X'/X)² from the polynomial in B with E B = 0, E B² = σ²h.
        const double h = 0.01, alpha = 0.2;
        var c = 1 + alpha / 2;
        var a = -c * h;
        var σ2h = alpha * h;
        // X'/X = (1 + A + A²/2) + B(1 + A) with B = −√α ΔW.
        var mean = 1 + a + a * a / 2;
        var expectedSecond = mean * mean + σ2h * (1 + a) * (1 + a);
        var n = 400_000;
        var ξ = Normals(n, 5);
        var sum = 0.0; var sumSq = 0.0;
        var y = new double[1];
        for (var k = 0; k < n; k++)
        {
            y[0] = 1.0;
            FusedEnsemble.Run<Sh2LaneStep<MultiplicativeLane>>(y, 1, [alpha, h], [ξ[k] * Math.Sqrt(h)], 1);
            sum += y[0]; sumSq += y[0] * y[0];
        }
        var mc = sumSq / n;
        var variance = sumSq / n - (sum / n) * (sum / n);
        Assert.True(Math.Abs(sum / n - mean) < 4.5 * Math.Sqrt(variance / n), $"E X' = {sum / n:R}, expected {mean:R}");
        Assert.True(Math.Abs(mc - expectedSecond) < 4.5 * 2 * Math.Sqrt(variance / n) * (1 + Math.Abs(a)) + 1e-12,
            $"E X'² = {mc:R}, expected {expectedSecond:R}");
    }

    [Fact]
    public void A_diverging_particle_is_reported_with_model_particle_and_steps()
    {
        var state = new double[2 * 100];
        state[2 * 100 - 1] = 1e300; // coordinate 1 of particle 99 (SoA)
        var thetas = new double[2 * 10];
        var error = Assert.Throws<DivergenceException>(() =>
            FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(state, 100, [-1e10], thetas, 10, new FusedOptions(Threads: 2)));
        Assert.Contains("Quadratic(d=2)", error.Message);
        Assert.Contains("coordinate 1 of particle 99", error.Message);
        // x ← x − α(x − 0) = (1 + 10¹⁰)x: 1e300 overflows at the first step.
        Assert.Contains("lane step 1,", error.Message);
        Assert.Equal((1, 99, 1), (error.Step, error.Point, error.Coordinate));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Divergence_is_located_at_the_exact_step_particle_and_coordinate_whatever_the_width_threads_and_chunk(SimdWidth width, int threads, int chunk)
    {
        // SGD on ½|x − θ|² with θ = 0 and α = −1 doubles x each step: a coordinate starting at 2^e is 2^(e+k) after k steps,
        // which overflows to ∞ when e + k = 1024. Particle 250, coordinate 1 starts at 2^1000 (k = 24); particle 7,
        // coordinate 0 at 2^990 (k = 34); everything else at 1. The first to diverge is particle 250 at step 24, however
        // the particles are split into tiles, threads and chunks.
        const int n = 301;
        var state = Enumerable.Repeat(1.0, 2 * n).ToArray();
        state[1 * n + 250] = Math.Pow(2, 1000);
        state[0 * n + 7] = Math.Pow(2, 990);
        var e = Assert.Throws<DivergenceException>(() =>
            FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(state, n, [-1.0], new double[2 * 60], 60, new FusedOptions(width, threads, chunk)));
        Assert.Equal((24, 250, 1), (e.Step, e.Point, e.Coordinate));
        Assert.Equal(double.PositiveInfinity, e.Value);
    }

    [Fact]
    public void Divergence_under_fused_SGD_names_the_SGD_step_and_the_path()
    {
        // The generated lane step of the Quadratic model (d = 3, θ ~ N(0, I)) with α = 3: x ← x − 3(x − θ) = −2x + 3θ, so |x|
        // doubles each step; the reported step must agree with a plain scalar loop over the θs the driver draws.
        const int n = 40;
        var state = Enumerable.Repeat(0.5, 3 * n).ToArray();
        state[2 * n + 33] = 1e306;
        var e = Assert.Throws<DivergenceException>(() =>
            FusedSgd.Run<QuadraticLanes.SgdLaneStep>(state, n, Quadratic.P, 3.0, 100, seed: 5, path: 3));
        // Reference: the θ the driver draws come from CounterRng(seed, path, step, 0).
        var x = 1e306;
        var steps = 0;
        while (double.IsFinite(x))
        {
            var random = new CounterRng(5, 3, (uint)steps, 0);
            var θ = new double[3];
            Quadratic.P.Sample(ref random, θ);
            x = -2 * x + 3 * θ[2]; // the exact update (x − 3(x − θ) would overflow in its intermediate 3x a step early)
            steps++;
        }
        Assert.Equal((steps, 33, 2, 3), (e.Step, e.Point, e.Coordinate, e.Path));
        Assert.Contains($"SGD step {steps}, path 3", e.Message);
    }

    [Fact]
    public void Wrong_lengths_name_the_argument_and_the_expected_length()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(new double[5], 3, [α], new double[4], 2));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("expected 6", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(new double[6], 3, [α], new double[3], 2));
        Assert.Equal("inputs", error.ParamName);
        Assert.Throws<ArgumentException>(() => FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(new double[6], 3, [], new double[4], 2));
    }

    [Fact]
    public void Particle_ranges_are_contiguous_aligned_and_cover_everything()
    {
        foreach (var (n, parts) in new[] { (0, 1), (1, 3), (301, 2), (1000, 7), (64, 4) })
        {
            var next = 0;
            for (var k = 0; k < parts; k++)
            {
                var (start, end) = ParticleRanges.Get(n, parts, k);
                Assert.Equal(next, start);
                Assert.True(end >= start);
                Assert.True(end == n || end % ParticleRanges.Alignment == 0);
                next = end;
            }
            Assert.Equal(n, next);
        }
    }
}
