using System.Runtime.CompilerServices;
using FlowDsl.Random;

namespace FlowDsl.Simd;

/// <summary>
/// Where the per-lane standard normals of a step with <see cref="ILaneStep.LaneNormalCount"/> &gt; 0 come from: normal m
/// of particle p at step s is component s mod 2 of Box–Muller on Philox block p of (seed, path, ⌊s/2⌋,
/// <see cref="FirstStream"/> + m) — the normal 2p + (s mod 2) of <see cref="CounterNormals"/> stream
/// (seed, path, ⌊s/2⌋, <see cref="FirstStream"/> + m). It depends only on (seed, path, step, particle, m), so the results
/// do not depend on the width, tiling, step chunk or threads; a counter block serves two consecutive steps, so no draw is wasted.
/// </summary>
/// <param name="Seed">The experiment seed.</param>
/// <param name="Path">The path index.</param>
public readonly record struct LaneNormals(ulong Seed, uint Path)
{
    /// <summary>The first counter stream used (streams below are left to shared randomness: θ, ζ, …).</summary>
    public const uint FirstStream = 16;

    /// <summary>Normal m of <paramref name="particle"/> at <paramref name="step"/>, computed one at a time (for references and tests).</summary>
    public double Get(int particle, int step, int m)
    {
        PhiloxLanes.NormalPairs<ScalarOps, double>((uint)Seed, (uint)(Seed >> 32), BitConverter.UInt64BitsToDouble((ulong)particle),
            (uint)step >> 1, Path, FirstStream + (uint)m, out var z0, out var z1);
        return (step & 1) == 0 ? z0 : z1;
    }

    /// <summary>Fields 0…count−1 of <paramref name="z"/>: the normals of <paramref name="particle"/> at <paramref name="step"/> (scalar, one step).</summary>
    internal void FillStep(int count, int particle, int step, ref LaneTile<double> z)
    {
        for (var m = 0; m < count; m++) Unsafe.Add(ref z.X0, m) = Get(particle, step, m);
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
