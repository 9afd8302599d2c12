using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// The N normals of <c>new CounterRng(seed, keyₗ, step, stream).FillNormal(ξ)</c> for a different key in every SIMD
/// lane: normal i is Box–Muller output i mod 2 of Philox block ⌊i/2⌋ with the counters (block, step, key, stream),
/// which is what <see cref="CounterRng.FillNormal"/> draws (pairs through <see cref="CounterNormals"/>, an odd last one
/// as the first of the next pair). The lanes run the same <see cref="PhiloxLanes"/> code, so each lane has the scalar bits.
/// </summary>
internal static class PathLaneNormals
{
    /// <summary>normals[i] (lane l) = normal i of key lane l of <paramref name="keys"/> (bit patterns), i &lt; normals.Length.</summary>
    public static void Fill<TOps, TVec>(in PhiloxLanes.Keys<TVec> schedule, TVec keys, uint step, uint stream, Span<TVec> normals)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var (c1, c3) = (TOps.BroadcastBits(step), TOps.BroadcastBits(stream));
        for (var i = 0; i < normals.Length; i += 2)
        {
            PhiloxLanes.NormalPairs<TOps, TVec>(in schedule, TOps.BroadcastBits((ulong)(i / 2)), c1, keys, c3, out var z0, out var z1);
            normals[i] = z0;
            if (i + 1 < normals.Length) normals[i + 1] = z1;
        }
    }
}
