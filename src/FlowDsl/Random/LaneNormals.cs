using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Where the per-lane standard normals of a step with <see cref="ILaneStep.LaneNormalCount"/> &gt; 0 come from. With the default
/// <see cref="LaneNormalGenerator.Counter"/>, normal m of particle p at step s is component s mod 2 of Box–Muller on the
/// uniforms of counters 2p and 2p + 1 of step pair ⌊s/2⌋ under the key of (seed, path, <see cref="FirstStream"/> + m)
/// (<see cref="MixLanes"/>, math.md §8). It depends only on (seed, path, step, particle, m), so the results do not depend on
/// the width, tiling, step chunk or threads; the two uniforms serve two consecutive steps, so no draw is wasted.
/// <see cref="LaneNormalGenerator.Philox"/> gives the Philox normals of <see cref="CounterNormals"/> instead (the default
/// before issue 14), <see cref="LaneNormalGenerator.Stream"/> per-particle xoshiro256+ streams (reproducible for the same
/// step chunk only; see there).
/// </summary>
/// <param name="Seed">The experiment seed.</param>
/// <param name="Path">The path index.</param>
/// <param name="Generator">Counter-based SplitMix64 hash (the default), counter-based Philox, or per-particle streams.</param>
public readonly record struct LaneNormals(ulong Seed, uint Path, LaneNormalGenerator Generator = LaneNormalGenerator.Counter)
{
    /// <summary>The first counter stream used (streams below are left to shared randomness: θ, ζ, …).</summary>
    public const uint FirstStream = 16;

    /// <summary>Normal m of <paramref name="particle"/> at <paramref name="step"/>, computed one at a time (for references and tests).</summary>
    /// <exception cref="InvalidOperationException">The generator is <see cref="LaneNormalGenerator.Stream"/> (its normals depend on the chunk start).</exception>
    public double Get(int particle, int step, int m)
    {
        double z0, z1;
        switch (Generator)
        {
            case LaneNormalGenerator.Counter:
                var (k0, k1) = MixLanes.Key(Seed, Path, FirstStream + (uint)m);
                MixLanes.NormalPairs<ScalarOps, double>(BitConverter.UInt64BitsToDouble(2 * (ulong)particle),
                    BitConverter.UInt64BitsToDouble(k0 ^ ((ulong)(uint)(step >> 1) << 32)), BitConverter.UInt64BitsToDouble(k1), out z0, out z1);
                break;
            case LaneNormalGenerator.Philox:
                PhiloxLanes.NormalPairs<ScalarOps, double>((uint)Seed, (uint)(Seed >> 32), BitConverter.UInt64BitsToDouble((ulong)particle),
                    (uint)step >> 1, Path, FirstStream + (uint)m, out z0, out z1);
                break;
            default:
                throw new InvalidOperationException("LaneNormals.Get: only the counter generators have normals that are a function of (particle, step, m); the stream generator's depend on the step chunk.");
        }
        return (step & 1) == 0 ? z0 : z1;
    }

    /// <summary>
    /// The keys (k₀, k₁) of normals 0…<paramref name="count"/> − 1 of the counter generator, interleaved (<see cref="MixLanes.Key"/>
    /// of stream <see cref="FirstStream"/> + m): computed once per run, as their SplitMix64 chains are serial.
    /// </summary>
    internal ulong[] CounterKeys(int count)
    {
        var keys = new ulong[2 * count];
        for (var m = 0; m < count; m++) (keys[2 * m], keys[2 * m + 1]) = MixLanes.Key(Seed, Path, FirstStream + (uint)m);
        return keys;
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
    /// stream generator's <paramref name="states"/> must have been seeded by <see cref="SeedStreams{TVec}"/>, the counter
    /// generator's <paramref name="keys"/> be <see cref="CounterKeys"/> of at least <paramref name="count"/> normals).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Draw<TOps, TVec>(int count, int particle, int tiles, int pair, ulong[] keys, ref LaneTile<TVec> states, ref StepPairTiles<TVec> z)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        switch (Generator)
        {
            case LaneNormalGenerator.Stream: FillStepPairFromStreams<TOps, TVec>(count, tiles, ref states, ref z); break;
            case LaneNormalGenerator.Philox: FillStepPairFromPhilox<TOps, TVec>(count, particle, tiles, pair, ref z); break;
            default: FillStepPair<TOps, TVec>(count, particle, tiles, pair, keys, ref z); break;
        }
    }

    /// <summary>
    /// Fields 0…count−1 of the tiles of <paramref name="z"/> for <paramref name="tiles"/> consecutive tiles of lanes starting at
    /// <paramref name="particle"/>, at steps 2·<paramref name="pair"/> (even tiles) and 2·<paramref name="pair"/> + 1 (odd tiles):
    /// the two hashed uniforms of each lane and normal give both steps (<see cref="MixLanes"/>).
    /// </summary>
    // NoInlining: one JIT root per width keeps the hash and Box–Muller inlined (in the tile loop they exhausted the budget).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void FillStepPair<TOps, TVec>(int count, int particle, int tiles, int pair, ulong[] keys, ref StepPairTiles<TVec> z)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var pairBits = (ulong)(uint)pair << 32;
        ref var tile = ref z.Even0;
        ref var key = ref MemoryMarshal.GetArrayDataReference(keys);
        for (var m = 0; m < count; m++)
        {
            var pairKey = TOps.BroadcastBits(Unsafe.Add(ref key, 2 * m) ^ pairBits);
            var key1 = TOps.BroadcastBits(Unsafe.Add(ref key, 2 * m + 1));
            for (var t = 0; t < tiles; t++)
            {
                var twiceParticle = TOps.ShiftLeft(TOps.IotaBits((ulong)(particle + t * TOps.Count)), 1);
                MixLanes.NormalPairs<TOps, TVec>(twiceParticle, pairKey, key1, out var even, out var odd);
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t).X0, m) = even;
                Unsafe.Add(ref Unsafe.Add(ref tile, 2 * t + 1).X0, m) = odd;
            }
        }
    }

    /// <summary>As <see cref="FillStepPair{TOps, TVec}"/> with <see cref="LaneNormalGenerator.Philox"/>: one Philox block per lane and normal gives both steps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal void FillStepPairFromPhilox<TOps, TVec>(int count, int particle, int tiles, int pair, ref StepPairTiles<TVec> z)
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
    /// Counter-based: a keyed SplitMix64 hash of a unique counter per (particle, step pair, uniform), the key a hash of
    /// (seed, path, normal), then Box–Muller (<c>MixLanes</c>, math.md §8). The same bits for any width, thread count and
    /// step chunk. The default since issue 14 (about 1.5× the speed of <see cref="Philox"/>; BENCHMARKS.md).
    /// </summary>
    Counter = 0,

    /// <summary>
    /// One xoshiro256+ stream per particle (the generator of <see cref="LaneStreamNormals"/>), seeded by SplitMix64
    /// from (seed, path, particle, first step of the chunk) at the start of every step chunk (the fused drivers' <c>FusedOptions.StepChunk</c>).
    /// The same bits for any width and thread count, but a different step chunk gives different (equally distributed)
    /// numbers, and the normals are not a function of (particle, step) that a reference can recompute. Use it where
    /// reproducibility across chunkings is not needed.
    /// </summary>
    Stream = 1,

    /// <summary>
    /// Counter-based Philox4x32-10 keyed by (seed, path, step pair, normal) with the particle as block counter, the normals
    /// of <see cref="CounterNormals"/>: the same bits for any width, thread count and step chunk. The default before
    /// issue 14; slower than <see cref="Counter"/>, kept for results that must match earlier runs bit for bit.
    /// </summary>
    Philox = 2,
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
