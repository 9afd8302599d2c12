using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Where the per-lane standard normals of a step with <see cref="ILaneStep.LaneNormalCount"/> &gt; 0 come from: normal m
/// of particle p at step s is component m mod 2 of Box–Muller on Philox block p of (seed, path, s, <see cref="FirstStream"/> + m/2).
/// It depends only on (seed, path, step, particle, m), so the results do not depend on the width, tiling or threads.
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
            (uint)step, Path, FirstStream + (uint)(m / 2), out var z0, out var z1);
        return m % 2 == 0 ? z0 : z1;
    }

    /// <summary>Fields 0…count−1 of <paramref name="z"/> for the lanes of particles <paramref name="particle"/>, <paramref name="particle"/> + 1, ….</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Fill<TOps, TVec>(int count, int particle, int step, ref LaneTile<TVec> z) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var blocks = TOps.IotaBits((ulong)particle);
        if (count > 0) Pair<TOps, TVec>(blocks, step, 0, out z.X0, out z.X1);
        if (count > 2) Pair<TOps, TVec>(blocks, step, 1, out z.X2, out z.X3);
        if (count > 4) Pair<TOps, TVec>(blocks, step, 2, out z.X4, out z.X5);
        if (count > 6) Pair<TOps, TVec>(blocks, step, 3, out z.X6, out z.X7);
        if (count > 8) Pair<TOps, TVec>(blocks, step, 4, out z.X8, out z.X9);
        if (count > 10) Pair<TOps, TVec>(blocks, step, 5, out z.X10, out z.X11);
        if (count > 12) Pair<TOps, TVec>(blocks, step, 6, out z.X12, out z.X13);
        if (count > 14) Pair<TOps, TVec>(blocks, step, 7, out z.X14, out z.X15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Pair<TOps, TVec>(TVec blocks, int step, uint pair, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct =>
        PhiloxLanes.NormalPairs<TOps, TVec>((uint)Seed, (uint)(Seed >> 32), blocks, (uint)step, Path, FirstStream + pair, out z0, out z1);
}
