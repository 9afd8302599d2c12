using FlowDsl.Random;
using FlowDsl.Fused;
using FlowDsl.Simd;
using FlowDsl.Tests.Simd;

namespace FlowDsl.Tests.Random;

/// <summary>
/// The per-lane normals of the fused SME / independent-SGD drivers (<see cref="LaneNormals"/>): the Philox generator is the
/// scalar <see cref="CounterRng"/> stream of each step pair; every counter generator is delivered bit for bit by the driver
/// at every width, thread count and chunk, and is N(0,1) with independent step pairs (moments, tails, Kolmogorov–Smirnov
/// against the exact Φ). The default generator's own checks are in <see cref="MixLaneNormalsTests"/>.
/// </summary>
public class LaneNormalsTests
{
    private const ulong Seed = 0xC0FFEE_0042UL;
    private const uint Path = 5;

    [Fact]
    public void Philox_normal_m_of_particle_p_at_step_s_is_a_component_of_block_p_of_the_step_pairs_counter_stream()
    {
        var normals = new LaneNormals(Seed, Path, LaneNormalGenerator.Philox);
        foreach (var p in new[] { 0, 1, 7, 8, 1000, 65_537 })
            foreach (var s in new[] { 0, 1, 2, 3, 254, 255, 1001 })
                foreach (var m in new[] { 0, 1, 4, 15 })
                {
                    // The scalar stream (seed, path, ⌊s/2⌋, 16 + m): skip p blocks, Box–Muller pair of block p.
                    var rng = new CounterRng(Seed, Path, (uint)(s / 2), LaneNormals.FirstStream + (uint)m);
                    for (var b = 0; b < p; b++) rng.NextNormalPair();
                    var (z0, z1) = rng.NextNormalPair();
                    var expected = s % 2 == 0 ? z0 : z1;
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(normals.Get(p, s, m)),
                        $"particle {p}, step {s}, normal {m}: {normals.Get(p, s, m):R}, the counter stream gives {expected:R}");
                }
    }

    /// <summary>x ← x/2 + z per coordinate (d = K = 2): the state after each step is a fixed function of the normals drawn.</summary>
    private readonly struct HalvingStep : ILaneStep
    {
        public static string Name => "halving";
        public static int Dimension => 2;
        public static int ParameterCount => 0;
        public static int InputLength => 0;
        public static int ConstantCount => 0;
        public static int LaneNormalCount => 2;
        public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants) { }
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants) where TOps : ISimdOps<TVec> where TVec : struct =>
            throw new NotSupportedException();
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants, in LaneTile<TVec> normals)
            where TOps : ISimdOps<TVec> where TVec : struct
        {
            x.X0 = TOps.Add(TOps.Mul(x.X0, TOps.Broadcast(0.5)), normals.X0);
            x.X1 = TOps.Add(TOps.Mul(x.X1, TOps.Broadcast(0.5)), normals.X1);
        }
    }

    public static TheoryData<SimdWidth, int, int, LaneNormalGenerator> CounterConfigurations
    {
        get
        {
            var data = new TheoryData<SimdWidth, int, int, LaneNormalGenerator>();
            foreach (var row in FusedEnsembleTests.Configurations)
                foreach (var generator in new[] { LaneNormalGenerator.Counter, LaneNormalGenerator.Philox })
                    data.Add((SimdWidth)row[0], (int)row[1], (int)row[2], generator);
            return data;
        }
    }

    [Theory, MemberData(nameof(CounterConfigurations))]
    public void The_driver_delivers_each_particles_own_normals_at_every_width_thread_count_and_chunk(SimdWidth width, int threads, int chunk, LaneNormalGenerator generator)
    {
        const int particles = 45, steps = 13; // partial tiles and a scalar tail; an odd step count ends on half a pair
        var normals = new LaneNormals(Seed, Path, generator);
        var state = new double[2 * particles];
        FusedEnsemble.Run<HalvingStep>(state, particles, [], [], steps, normals, new FusedOptions(width, threads, chunk));
        for (var p = 0; p < particles; p++)
            for (var i = 0; i < 2; i++)
            {
                var x = 0.0;
                for (var s = 0; s < steps; s++) x = x * 0.5 + normals.Get(p, s, i);
                Assert.True(BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(state[i * particles + p]),
                    $"particle {p}, coordinate {i}: {state[i * particles + p]:R}, the plain loop over LaneNormals.Get gives {x:R}");
            }
    }

    private static double[] Sample(int particles, int steps, int m)
    {
        var normals = new LaneNormals(Seed, Path, LaneNormalGenerator.Philox);
        var z = new double[particles * steps];
        for (var s = 0; s < steps; s++)
            for (var p = 0; p < particles; p++) z[s * particles + p] = normals.Get(p, s, m);
        return z;
    }

    [Fact]
    public void Philox_lane_normals_have_standard_normal_moments_tails_and_distribution()
    {
        var z = Sample(particles: 2_000, steps: 100, m: 1);
        NormalMomentChecks.AssertStandardNormal(z);
        // Kolmogorov–Smirnov against the exact Φ = ½ erfc(−z/√2): √n·D below 1.95 (asymptotic P(√n·D > 1.95) ≈ 0.001).
        Array.Sort(z);
        var n = z.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z[i] / Math.Sqrt(2));
            d = Math.Max(d, Math.Max(Math.Abs((i + 1.0) / n - cdf), Math.Abs(cdf - (double)i / n)));
        }
        Assert.True(Math.Sqrt(n) * d < 1.95, $"KS: √n·D = {Math.Sqrt(n) * d:F3} over n = {n}");
    }

    [Fact]
    public void Philox_the_two_steps_of_a_pair_neighbouring_particles_and_normals_are_uncorrelated()
    {
        // Box–Muller's two components are independent, so the even and odd steps of one block are too; so are
        // different blocks (particles) and streams (normals m). Each correlation estimate has standard error 1/√n.
        const int particles = 4_000, steps = 50;
        var normals = new LaneNormals(Seed, Path, LaneNormalGenerator.Philox);
        double sumPair = 0, sumNeighbour = 0, sumStreams = 0, pairSquare = 0;
        var n = 0;
        for (var s = 0; s + 1 < steps; s += 2)
            for (var p = 0; p + 1 < particles; p++, n++)
            {
                var z = normals.Get(p, s, 0);
                sumPair += z * normals.Get(p, s + 1, 0);
                sumNeighbour += z * normals.Get(p + 1, s, 0);
                sumStreams += z * normals.Get(p, s, 1);
                // Radius shared by the pair: z0² and z1² are independent too (E z0²z1² = 1).
                pairSquare += z * z * Math.Pow(normals.Get(p, s + 1, 0), 2);
            }
        foreach (var (what, sum) in new[] { ("even/odd step of a pair", sumPair), ("neighbouring particles", sumNeighbour), ("normals 0 and 1", sumStreams) })
            Assert.True(Math.Abs(sum / n) * Math.Sqrt(n) < 4.5, $"{what}: correlation {sum / n:G3} over n = {n} (standard error {1 / Math.Sqrt(n):G3})");
        // Var(z0²z1²) = E z0⁴ E z1⁴ − 1 = 8.
        Assert.True(Math.Abs(pairSquare / n - 1) < 4.5 * Math.Sqrt(8.0 / n), $"E z0²z1² = {pairSquare / n:G4}, expected 1 ± {Math.Sqrt(8.0 / n):G3}");
    }

    /// <summary>A shift register of the last 16 normals (d = 16, K = 1): x₁₅ ← x₁₄, …, x₁ ← x₀, x₀ ← z.</summary>
    private readonly struct ShiftStep : ILaneStep
    {
        public static string Name => "shift register";
        public static int Dimension => 16;
        public static int ParameterCount => 0;
        public static int InputLength => 0;
        public static int ConstantCount => 0;
        public static int LaneNormalCount => 1;
        public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants) { }
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants) where TOps : ISimdOps<TVec> where TVec : struct =>
            throw new NotSupportedException();
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants, in LaneTile<TVec> normals)
            where TOps : ISimdOps<TVec> where TVec : struct
        {
            (x.X15, x.X14, x.X13, x.X12, x.X11, x.X10, x.X9, x.X8) = (x.X14, x.X13, x.X12, x.X11, x.X10, x.X9, x.X8, x.X7);
            (x.X7, x.X6, x.X5, x.X4, x.X3, x.X2, x.X1, x.X0) = (x.X6, x.X5, x.X4, x.X3, x.X2, x.X1, x.X0, normals.X0);
        }
    }

    private static double[] LastSixteen(int particles, int steps, FusedOptions options)
    {
        var state = new double[16 * particles];
        FusedEnsemble.Run<ShiftStep>(state, particles, [], [], steps, new LaneNormals(Seed, Path, LaneNormalGenerator.Stream), options);
        return state;
    }

    [Theory, MemberData(nameof(FusedEnsembleTests.Configurations), MemberType = typeof(FusedEnsembleTests))]
    public void Stream_normals_give_the_same_bits_at_every_width_and_thread_count_for_one_chunk(SimdWidth width, int threads, int chunk)
    {
        const int particles = 45, steps = 21;
        var reference = LastSixteen(particles, steps, new FusedOptions(SimdWidth.Scalar, 1, chunk));
        var actual = LastSixteen(particles, steps, new FusedOptions(width, threads, chunk));
        for (var i = 0; i < reference.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(reference[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"entry {i}: {actual[i]:R} at {width}, {threads} threads; scalar, 1 thread gives {reference[i]:R} (chunk {chunk})");
    }

    [Fact]
    public void Stream_normals_depend_on_the_step_chunk_as_documented_and_are_not_recomputable()
    {
        var whole = LastSixteen(17, 40, new FusedOptions(SimdWidth.Scalar, 1, 256));
        var chunked = LastSixteen(17, 40, new FusedOptions(SimdWidth.Scalar, 1, 10));
        Assert.NotEqual(whole, chunked);
        Assert.Throws<InvalidOperationException>(() => new LaneNormals(Seed, Path, LaneNormalGenerator.Stream).Get(0, 0, 0));
    }

    [Fact]
    public void Stream_normals_have_standard_normal_moments_tails_distribution_and_no_correlation_between_steps()
    {
        const int particles = 6_000;
        var last = LastSixteen(particles, 36, new FusedOptions(Threads: 1, StepChunk: 16)); // chunks start at 0, 16, 32
        NormalMomentChecks.AssertStandardNormal(last);
        var sorted = (double[])last.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-sorted[i] / Math.Sqrt(2));
            d = Math.Max(d, Math.Max(Math.Abs((i + 1.0) / n - cdf), Math.Abs(cdf - (double)i / n)));
        }
        Assert.True(Math.Sqrt(n) * d < 1.95, $"KS: √n·D = {Math.Sqrt(n) * d:F3} over n = {n}");
        // Consecutive steps of a particle (coordinates i and i + 1), within and across a pair: correlation ~ N(0, 1/n).
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < 15; i++)
            for (var p = 0; p < particles; p++, count++) sum += last[i * particles + p] * last[(i + 1) * particles + p];
        Assert.True(Math.Abs(sum / count) * Math.Sqrt(count) < 4.5, $"lag-1 correlation {sum / count:G3} over n = {count}");
    }

    /// <summary>x ← x² + z (d = K = 1): blows up at a step that depends on the particle's normals.</summary>
    private readonly struct SquaringStep : ILaneStep
    {
        public static string Name => "squaring";
        public static int Dimension => 1;
        public static int ParameterCount => 0;
        public static int InputLength => 0;
        public static int ConstantCount => 0;
        public static int LaneNormalCount => 1;
        public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants) { }
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants) where TOps : ISimdOps<TVec> where TVec : struct =>
            throw new NotSupportedException();
        public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants, in LaneTile<TVec> normals)
            where TOps : ISimdOps<TVec> where TVec : struct =>
            x.X0 = TOps.Fma(x.X0, x.X0, normals.X0);
    }

    [Theory, MemberData(nameof(FusedEnsembleTests.Configurations), MemberType = typeof(FusedEnsembleTests))]
    public void Divergence_under_lane_normals_is_located_where_a_plain_loop_over_the_normals_finds_it(SimdWidth width, int threads, int chunk)
    {
        const int particles = 29, steps = 60;
        var start = Enumerable.Range(0, particles).Select(p => 0.3 * Math.Sin(p)).ToArray();
        // Reference: the first step after which a particle is not finite; the earliest over particles, lowest index on ties.
        var normals = new LaneNormals(Seed, Path);
        var (firstStep, firstParticle) = (int.MaxValue, -1);
        for (var p = 0; p < particles; p++)
        {
            var x = start[p];
            for (var s = 0; s < steps && s + 1 < firstStep; s++)
            {
                x = Math.FusedMultiplyAdd(x, x, normals.Get(p, s, 0));
                if (!double.IsFinite(x)) { (firstStep, firstParticle) = (s + 1, p); break; }
            }
        }
        Assert.True(firstParticle >= 0, "the reference run should diverge");
        var state = (double[])start.Clone();
        var error = Assert.Throws<FlowDsl.Simulation.DivergenceException>(() =>
            FusedEnsemble.Run<SquaringStep>(state, particles, [], [], steps, normals, new FusedOptions(width, threads, chunk)));
        Assert.Equal((firstStep, firstParticle), (error.Step, error.Point));

        // The stream generator's replay draws the same normals as its tiles: the same report at every width and thread count.
        Exception Stream(FusedOptions options) => Assert.Throws<FlowDsl.Simulation.DivergenceException>(() =>
            FusedEnsemble.Run<SquaringStep>((double[])start.Clone(), particles, [], [], steps, normals with { Generator = LaneNormalGenerator.Stream }, options));
        Assert.Equal(Stream(new FusedOptions(SimdWidth.Scalar, 1, chunk)).Message, Stream(new FusedOptions(width, threads, chunk)).Message);
    }
}
