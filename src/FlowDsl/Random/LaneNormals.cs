using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Where the per-lane standard normals of a step with <see cref="ILaneStep.LaneNormalCount"/> &gt; 0 come from: normal m
/// of particle p at step s is component s mod 2 of Box–Muller on Philox block p of (seed, path, ⌊s/2⌋,
/// <see cref="FirstStream"/> + m) — the normal 2p + (s mod 2) of <see cref="CounterNormals"/> stream
/// (seed, path, ⌊s/2⌋, <see cref="FirstStream"/> + m). It depends only on (seed, path, step, particle, m), so the results
/// do not depend on the width, tiling, step chunk or threads; a counter block serves two consecutive steps, so no draw is wasted.
/// With <see cref="LaneNormalGenerator.Stream"/> the normals come from per-particle xoshiro256+ streams instead (faster,
/// reproducible for the same step chunk only; see there).
/// </summary>
/// <param name="Seed">The experiment seed.</param>
/// <param name="Path">The path index.</param>
/// <param name="Generator">Counter-based Philox (the default) or the faster per-particle streams.</param>
public readonly record struct LaneNormals(ulong Seed, uint Path, LaneNormalGenerator Generator = LaneNormalGenerator.Counter)
{
    /// <summary>The first counter stream used (streams below are left to shared randomness: θ, ζ, …).</summary>
    public const uint FirstStream = 16;

    /// <summary>Normal m of <paramref name="particle"/> at <paramref name="step"/>, computed one at a time (for references and tests).</summary>
    /// <exception cref="InvalidOperationException">The generator is <see cref="LaneNormalGenerator.Stream"/> (its normals depend on the chunk start).</exception>
    public double Get(int particle, int step, int m)
    {
        if (Generator != LaneNormalGenerator.Counter)
            throw new InvalidOperationException("LaneNormals.Get: only the counter generator has normals that are a function of (particle, step, m); the stream generator's depend on the step chunk.");
        PhiloxLanes.NormalPairs<ScalarOps, double>((uint)Seed, (uint)(Seed >> 32), BitConverter.UInt64BitsToDouble((ulong)particle),
            (uint)step >> 1, Path, FirstStream + (uint)m, out var z0, out var z1);
        return (step & 1) == 0 ? z0 : z1;
    }

    /// <summary>
    /// Seeds the xoshiro256+ state of every lane of <paramref name="tiles"/> tiles from particle <paramref name="particle"/> on,
    /// for a run of steps starting at <paramref name="firstStep"/>: SplitMix64 of (seed, path, particle, first step), so a
    /// particle's stream does not depend on the lane or tile that runs it. Word w of tile t goes to field 4t + w.
    /// </summary>
    internal void SeedStreams<TVec>(int particle, int tiles, int firstStep, ref LaneTile<TVec> states) where TVec : struct
    {
        var lanes = Unsafe.SizeOf<TVec>() / sizeof(double);
        ref var words = ref Unsafe.As<LaneTile<TVec>, ulong>(ref states);
        for (var t = 0; t < tiles; t++)
            for (var lane = 0; lane < lanes; lane++)
            {
                var mix = Seed;
                mix = LaneStreamNormals.SplitMix64(ref mix) ^ Path;
                mix = LaneStreamNormals.SplitMix64(ref mix) ^ (ulong)(particle + t * lanes + lane);
                mix = LaneStreamNormals.SplitMix64(ref mix) ^ (ulong)firstStep;
                for (var w = 0; w < 4; w++) Unsafe.Add(ref words, (4 * t + w) * lanes + lane) = LaneStreamNormals.SplitMix64(ref mix);
            }
    }

    /// <summary>As <see cref="FillStepPair{TOps, TVec}"/>, from the lanes' xoshiro256+ streams (<see cref="SeedStreams{TVec}"/>), which it advances.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void FillStepPairFromStreams<TOps, TVec>(int count, int tiles, ref LaneTile<TVec> states, ref StepPairTiles<TVec> z)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        ref var tile = ref z.Even0;
        for (var t = 0; t < tiles; t++)
        {
            ref var state = ref Unsafe.Add(ref states.X0, 4 * t);
            var (s0, s1, s2, s3) = (state, Unsafe.Add(ref state, 1), Unsafe.Add(ref state, 2), Unsafe.Add(ref state, 3));
            for (var m = 0; m < count; m++)
            {
                LaneStreamNormals.NextPair<TOps, TVec>(ref s0, ref s1, ref s2, ref s3, out var even, out var odd);
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t).X0, m) = even;
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t + 1).X0, m) = odd;
            }
            (state, Unsafe.Add(ref state, 1), Unsafe.Add(ref state, 2), Unsafe.Add(ref state, 3)) = (s0, s1, s2, s3);
        }
    }

    /// <summary>
    /// Draws the normals of steps 2·<paramref name="pair"/> and 2·<paramref name="pair"/> + 1 with this generator (the
    /// stream generator's <paramref name="states"/> must have been seeded by <see cref="SeedStreams{TVec}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Draw<TOps, TVec>(int count, int particle, int tiles, int pair, ref LaneTile<TVec> states, ref StepPairTiles<TVec> z)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (Generator == LaneNormalGenerator.Stream) FillStepPairFromStreams<TOps, TVec>(count, tiles, ref states, ref z);
        else FillStepPair<TOps, TVec>(count, particle, tiles, pair, ref z);
    }

    /// <summary>
    /// Fields 0…count−1 of the tiles of <paramref name="z"/> for <paramref name="tiles"/> consecutive tiles of lanes starting at
    /// <paramref name="particle"/>, at steps 2·<paramref name="pair"/> (even tiles) and 2·<paramref name="pair"/> + 1 (odd tiles):
    /// one Philox block per lane and normal gives both steps.
    /// </summary>
    // NoInlining: one JIT root per width keeps the Philox rounds and Box–Muller inlined (in the tile loop they exhausted the budget).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal void FillStepPair<TOps, TVec>(int count, int particle, int tiles, int pair, ref StepPairTiles<TVec> z)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keys = PhiloxLanes.Keys<TVec>.Create<TOps>((uint)Seed, (uint)(Seed >> 32));
        var c1 = TOps.BroadcastBits((uint)pair);
        var c2 = TOps.BroadcastBits(Path);
        ref var tile = ref z.Even0;
        for (var m = 0; m < count; m++)
        {
            var c3 = TOps.BroadcastBits(FirstStream + (uint)m);
            for (var t = 0; t < tiles; t++)
            {
                var blocks = TOps.IotaBits((ulong)(particle + t * TOps.Count));
                PhiloxLanes.NormalPairs<TOps, TVec>(in keys, blocks, c1, c2, c3, out var even, out var odd);
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t).X0, m) = even;
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t + 1).X0, m) = odd;
            }
        }
    }
}

/// <summary>Which generator draws the per-lane normals of <see cref="LaneNormals"/>.</summary>
public enum LaneNormalGenerator
{
    /// <summary>
    /// Philox4x32-10 keyed by (seed, path, step pair, normal) with the particle as block counter: the same bits for any
    /// width, thread count and step chunk. The default.
    /// </summary>
    Counter = 0,

    /// <summary>
    /// One xoshiro256+ stream per particle (the generator of <see cref="LaneStreamNormals"/>), seeded by SplitMix64
    /// from (seed, path, particle, first step of the chunk) at the start of every step chunk (the fused drivers' <c>FusedOptions.StepChunk</c>).
    /// Faster (about ⅓ of the counter generator's work per normal; BENCHMARKS.md), and still the same bits for any width and
    /// thread count, but a different step chunk gives different (equally distributed) numbers, and
    /// the normals are not a function of (particle, step) that a reference can recompute. Use it where reproducibility
    /// across chunkings is not needed.
    /// </summary>
    Stream = 1,
}

/// <summary>The normals of up to four tiles at two consecutive steps: tile t's even step in field 2t, its odd step in 2t + 1.</summary>
internal struct StepPairTiles<TVec> where TVec : struct
{
#pragma warning disable CS0649 // written and read through Unsafe.Add from Even0
    public LaneTile<TVec> Even0, Odd0, Even1, Odd1, Even2, Odd2, Even3, Odd3;
#pragma warning restore CS0649

    /// <summary>The normals of tile <paramref name="t"/> at the step of parity <paramref name="odd"/> (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref LaneTile<TVec> Get(ref StepPairTiles<TVec> z, int t, int odd) => ref Unsafe.Add(ref z.Even0, 2 * t + odd);
}
