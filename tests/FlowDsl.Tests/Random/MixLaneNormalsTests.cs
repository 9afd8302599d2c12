using System.Runtime.Intrinsics;
using FlowDsl.Fused;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Random;

/// <summary>
/// The default lane normals (<see cref="LaneNormalGenerator.Counter"/>, math.md §8): the hash is SplitMix64's output function
/// (published reference values), <see cref="LaneNormals.Get"/> equals an independent plain-arithmetic implementation of the
/// definition, every width gives the scalar bits, and a few million of them pass moment, tail, Kolmogorov–Smirnov, χ², bit
/// frequency and correlation checks with tolerances from standard errors (fixed seeds).
/// </summary>
public class MixLaneNormalsTests
{
    private const ulong Seed = 0x5EED_2026_0014UL;
    private const uint Path = 3;
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
    private static ulong U(double value) => BitConverter.DoubleToUInt64Bits(value);

    // ---- An independent reference: plain ulong and Math arithmetic, written from math.md §8. ----

    private static ulong ReferenceMix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong ReferenceNext(ref ulong state) => ReferenceMix(state += Gamma);

    private static double ReferenceNormal(ulong seed, uint path, int particle, int step, int m)
    {
        var state = seed;
        state = ReferenceNext(ref state) ^ path;
        state = ReferenceNext(ref state) ^ (LaneNormals.FirstStream + (uint)m);
        var k0 = ReferenceNext(ref state);
        var k1 = ReferenceNext(ref state);
        var counter = ((ulong)(step / 2) << 32) + 2 * (ulong)particle;
        var radiusBits = ReferenceMix(ReferenceMix(counter ^ k0) ^ k1);
        var angleBits = ReferenceMix(ReferenceMix((counter + 1) ^ k0) ^ k1);
        var u = ((radiusBits >> 12) + 0.5) / (1UL << 52);
        var t = (angleBits >> 12) / (double)(1UL << 52);
        var φ = Math.PI / 4 + (t - 0.5 + 1.0 / (1UL << 53)) * Math.PI / 2; // uniform on [0, π/2]
        var r = Math.Sqrt(-2 * Math.Log(u));
        return step % 2 == 0
            ? ((angleBits & 1) == 0 ? 1 : -1) * r * Math.Cos(φ)
            : ((angleBits & 2) == 0 ? 1 : -1) * r * Math.Sin(φ);
    }

    [Fact]
    public void Mix_is_SplitMix64s_output_function_at_every_width()
    {
        // SplitMix64 seeded with 1234567: its first five outputs (Steele, Lea & Flood 2014; the published reference values).
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        var states = new double[8];
        for (var i = 0; i < 8; i++) states[i] = D(1234567UL + (ulong)(i + 1) * Gamma);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], U(MixLanes.Mix<ScalarOps, double>(states[i])));
        var wide = new double[8];
        if (Vector512.IsHardwareAccelerated) V512Ops.Store(MixLanes.Mix<V512Ops, Vector512<double>>(V512Ops.Load(in states[0])), ref wide[0]);
        else for (var i = 0; i < 8; i += 4) V256Ops.Store(MixLanes.Mix<V256Ops, Vector256<double>>(V256Ops.Load(in states[i])), ref wide[i]);
        var narrow = new double[8];
        for (var i = 0; i < 8; i += 4) V256Ops.Store(MixLanes.Mix<V256Ops, Vector256<double>>(V256Ops.Load(in states[i])), ref narrow[i]);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(U(MixLanes.Mix<ScalarOps, double>(states[i])), U(wide[i]));
            Assert.Equal(U(MixLanes.Mix<ScalarOps, double>(states[i])), U(narrow[i]));
        }
    }

    [Fact]
    public void Get_is_Box_Muller_on_the_keyed_hash_of_the_particle_step_counter()
    {
        var normals = new LaneNormals(Seed, Path);
        foreach (var p in new[] { 0, 1, 2, 7, 8, 1000, 65_537, int.MaxValue })
            foreach (var s in new[] { 0, 1, 2, 3, 254, 255, 1001, int.MaxValue })
                foreach (var m in new[] { 0, 1, 4, 15 })
                {
                    var expected = ReferenceNormal(Seed, Path, p, s, m);
                    var actual = normals.Get(p, s, m);
                    // The library's log and quarter-turn sin/cos are within a few ulps of Math's: a wrong bit of the hash moves z by O(1).
                    var error = Math.Abs(actual - expected) / (1 + Math.Abs(expected));
                    Assert.True(error < 1e-14, $"particle {p}, step {s}, normal {m}: {actual:R}, the reference gives {expected:R}");
                }
    }

    [Fact]
    public void SinCosSmall_is_within_two_ulps_of_sin_and_cos_on_the_quarter_turn()
    {
        const int n = 100_001;
        for (var i = 0; i < n; i++)
        {
            var r = (i - (n - 1) / 2.0) / ((n - 1) / 2.0) * (Math.PI / 4);
            VectorMathCore.SinCosSmall<ScalarOps, double>(r, out var sin, out var cos);
            Assert.True(Math.Abs(sin - Math.Sin(r)) <= 2 * Ulp(Math.Sin(r)), $"sin {r:R}: {sin:R} vs {Math.Sin(r):R}");
            Assert.True(Math.Abs(cos - Math.Cos(r)) <= 2 * Ulp(Math.Cos(r)), $"cos {r:R}: {cos:R} vs {Math.Cos(r):R}");
        }
    }

    private static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    /// <summary>A shift register of the last 16 normals (d = 16, K = 1): after 16 steps field i holds step 15 − i.</summary>
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

    private const int Particles = 131_072, Steps = 16; // 2²¹ normals, drawn by the vector driver

    /// <summary>Normal of particle p at step s is z[(15 − s)·Particles + p].</summary>
    private static readonly Lazy<double[]> Drawn = new(() =>
    {
        var state = new double[16 * Particles];
        FusedEnsemble.Run<ShiftStep>(state, Particles, [], [], Steps, new LaneNormals(Seed, Path));
        return state;
    });

    private static double At(int p, int s) => Drawn.Value[(15 - s) * Particles + p];

    [Fact]
    public void Two_million_default_normals_have_standard_normal_moments_tails_and_distribution()
    {
        var z = Drawn.Value;
        NormalMomentChecks.AssertStandardNormal(z); // moments 1–4, P(|Z| > 3), P(|Z| > 4), each within 4.5 standard errors
        var sorted = (double[])z.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        // Kolmogorov–Smirnov against Φ = ½ erfc(−z/√2): √n·D < 1.95 (asymptotic P(√n·D > 1.95) ≈ 0.001).
        var d = 0.0;
        // χ² over 256 equiprobable bins: χ²₂₅₅ has mean 255 and standard deviation √510.
        const int bins = 256;
        var counts = new long[bins];
        for (var i = 0; i < n; i++)
        {
            var cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-sorted[i] / Math.Sqrt(2));
            d = Math.Max(d, Math.Max(Math.Abs((i + 1.0) / n - cdf), Math.Abs(cdf - (double)i / n)));
            counts[Math.Min(bins - 1, (int)(cdf * bins))]++;
        }
        Assert.True(Math.Sqrt(n) * d < 1.95, $"KS: √n·D = {Math.Sqrt(n) * d:F3} over n = {n}");
        var expected = (double)n / bins;
        var chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(Math.Abs(chi2 - (bins - 1)) < 4.5 * Math.Sqrt(2.0 * (bins - 1)), $"χ² = {chi2:F1} over {bins} bins, expected {bins - 1} ± {Math.Sqrt(2.0 * (bins - 1)):F1}");
        // Beyond 4σ, each side: P(Z > 4) = 3.167e−5, binomial standard error.
        const double beyond4 = 3.1671241833119863e-05;
        foreach (var (side, count) in new[] { ("Z > 4", z.Count(x => x > 4)), ("Z < −4", z.Count(x => x < -4)) })
            Assert.True(Math.Abs(count - n * beyond4) < 4.5 * Math.Sqrt(n * beyond4), $"{side}: {count}, expected {n * beyond4:F0} ± {Math.Sqrt(n * beyond4):F0}");
    }

    [Fact]
    public void Neighbouring_particles_steps_streams_paths_and_seeds_are_uncorrelated()
    {
        // Each product-moment has mean 0 and standard deviation 1/√n for independent N(0,1) pairs.
        const int particles = 20_000, steps = 20;
        var a = new LaneNormals(Seed, Path);
        var otherPath = new LaneNormals(Seed, Path + 1);
        var otherSeed = new LaneNormals(Seed + 1, Path);
        var sums = new Dictionary<string, double>();
        void Add(string what, double value) => sums[what] = sums.GetValueOrDefault(what) + value;
        var n = 0;
        for (var s = 0; s + 2 < steps; s++)
            for (var p = 0; p + 1 < particles; p++, n++)
            {
                var z = a.Get(p, s, 0);
                var next = a.Get(p, s + 1, 0);
                Add(s % 2 == 0 ? "steps s, s+1 of one pair" : "steps s, s+1 across pairs", z * next);
                Add("particles p, p+1", z * a.Get(p + 1, s, 0));
                Add("particle p at s, p+1 at s+1", z * a.Get(p + 1, s + 1, 0));
                Add("particle p at s, p+1 at s+2", z * a.Get(p + 1, s + 2, 0));
                Add("normals m = 0, 1", z * a.Get(p, s, 1));
                Add("paths 3, 4", z * otherPath.Get(p, s, 0));
                Add("seeds s, s+1", z * otherSeed.Get(p, s, 0));
                // Box–Muller's pair shares the radius: z₀² and z₁² must still be uncorrelated (Var((z₀²−1)(z₁²−1)) = 4).
                if (s % 2 == 0) Add("squares of one pair ÷ 2", (z * z - 1) * (next * next - 1) / 2);
            }
        var half = n / 2.0; // the per-parity sums use half the samples
        foreach (var (what, sum) in sums)
        {
            var count = what.StartsWith("steps", StringComparison.Ordinal) || what.StartsWith("squares", StringComparison.Ordinal) ? half : n;
            Assert.True(Math.Abs(sum / count) * Math.Sqrt(count) < 4.5, $"{what}: correlation {sum / count:G3} over n = {count} (standard error {1 / Math.Sqrt(count):G3})");
        }
    }

    [Fact]
    public void Every_bit_of_the_hash_is_set_half_the_time_and_uncorrelated_with_the_next_particles()
    {
        // The 64-bit outputs of counters 0…2n−1 at one step pair: each bit ~ Bernoulli(½), standard error ½/√n; bit i of
        // particle p and of particle p + 1 agree half the time.
        const int n = 1 << 18;
        var (k0, k1) = MixLanes.Key(Seed, Path, LaneNormals.FirstStream);
        var ones = new long[64];
        var agree = new long[64];
        var previous = 0UL;
        for (var c = 0UL; c < n; c++)
        {
            var x = U(MixLanes.Mix<ScalarOps, double>(D(U(MixLanes.Mix<ScalarOps, double>(D(((5UL << 32) + 2 * c) ^ k0))) ^ k1)));
            for (var i = 0; i < 64; i++)
            {
                ones[i] += (long)((x >> i) & 1);
                if (c > 0) agree[i] += (long)(~(x ^ previous) >> i & 1);
            }
            previous = x;
        }
        for (var i = 0; i < 64; i++)
        {
            Assert.True(Math.Abs(ones[i] - n / 2.0) < 4.5 * 0.5 * Math.Sqrt(n), $"bit {i} set {ones[i]} times in {n}");
            Assert.True(Math.Abs(agree[i] - (n - 1) / 2.0) < 4.5 * 0.5 * Math.Sqrt(n - 1), $"bit {i} equal for neighbours {agree[i]} times in {n - 1}");
        }
    }

    [Fact]
    public void Default_and_Philox_generators_give_different_numbers_and_Philox_keeps_its_bits()
    {
        // The default changed with issue 14 (README breaking changes): the Philox normals stay available, bit for bit.
        var counter = new LaneNormals(Seed, Path);
        var philox = counter with { Generator = LaneNormalGenerator.Philox };
        Assert.NotEqual(counter.Get(0, 0, 0), philox.Get(0, 0, 0));
        var rng = new CounterRng(Seed, Path, 0, LaneNormals.FirstStream);
        var (z0, _) = rng.NextNormalPair();
        Assert.Equal(U(z0), U(philox.Get(0, 0, 0)));
    }
}
