using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Tests.Simd;

namespace FlowDsl.Tests.Random;

/// <summary>
/// The per-lane normals of the fused SME / independent-SGD drivers (<see cref="LaneNormals"/>): defined by the scalar
/// <see cref="CounterRng"/> stream of each step pair, delivered bit for bit by the driver at every width, thread count and
/// chunk, and N(0,1) with independent step pairs (moments, tails, Kolmogorov–Smirnov against the exact Φ).
/// </summary>
public class LaneNormalsTests
{
    private const ulong Seed = 0xC0FFEE_0042UL;
    private const uint Path = 5;

    [Fact]
    public void Normal_m_of_particle_p_at_step_s_is_a_component_of_block_p_of_the_step_pairs_counter_stream()
    {
        var normals = new LaneNormals(Seed, Path);
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

    [Theory, MemberData(nameof(FusedEnsembleTests.Configurations), MemberType = typeof(FusedEnsembleTests))]
    public void The_driver_delivers_each_particles_own_normals_at_every_width_thread_count_and_chunk(SimdWidth width, int threads, int chunk)
    {
        const int particles = 45, steps = 13; // partial tiles and a scalar tail; an odd step count ends on half a pair
        var normals = new LaneNormals(Seed, Path);
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
        var normals = new LaneNormals(Seed, Path);
        var z = new double[particles * steps];
        for (var s = 0; s < steps; s++)
            for (var p = 0; p < particles; p++) z[s * particles + p] = normals.Get(p, s, m);
        return z;
    }

    [Fact]
    public void Lane_normals_have_standard_normal_moments_tails_and_distribution()
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
    public void The_two_steps_of_a_pair_neighbouring_particles_and_normals_are_uncorrelated()
    {
        // Box–Muller's two components are independent, so the even and odd steps of one block are too; so are
        // different blocks (particles) and streams (normals m). Each correlation estimate has standard error 1/√n.
        const int particles = 4_000, steps = 50;
        var normals = new LaneNormals(Seed, Path);
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
}
