using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// A faster, NOT width-reproducible normal generator: one xoshiro256+ stream per SIMD lane (8 per <c>Vector512</c>),
/// Box–Muller on two consecutive outputs of the same lane, using the inlined math.
/// </summary>
/// <remarks>
/// The numbers depend on the lane width (lane i of a width has its own stream, seeded by SplitMix64 from
/// (seed, lane)) and on how a caller splits work between instances, so results are reproducible only for the same seed,
/// width and call sequence. Use <see cref="CounterNormals"/> (Philox, keyed by seed/path/step/stream) whenever results
/// must not depend on threads or widths; this one is an explicit opt-in for speed. The 52 top bits of each output are used
/// (xoshiro256+'s low bits are weak).
/// </remarks>
public sealed class LaneStreamNormals
{
    private readonly ulong[] _state; // s0 lanes, s1 lanes, s2 lanes, s3 lanes

    /// <summary>The width the streams were laid out for.</summary>
    public SimdWidth Width { get; }

    /// <summary>One xoshiro256+ stream per lane of <paramref name="width"/>, seeded from <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit seed.</param>
    /// <param name="width">Lane width (resolved against the hardware; it changes the numbers).</param>
    public LaneStreamNormals(ulong seed, SimdWidth width = SimdWidth.Auto)
    {
        Width = SimdWidths.Resolve(width);
        var lanes = (int)Width;
        _state = new ulong[4 * lanes];
        var mix = seed;
        for (var lane = 0; lane < lanes; lane++)
            for (var word = 0; word < 4; word++)
                _state[word * lanes + lane] = SplitMix64(ref mix);
    }

    /// <summary>Fills <paramref name="destination"/> with standard normals and advances the streams.</summary>
    public void Fill(Span<double> destination)
    {
        switch (Width)
        {
            case SimdWidth.Vector512: FillLanes<V512Ops, Vector512<double>>(destination); break;
            case SimdWidth.Vector256: FillLanes<V256Ops, Vector256<double>>(destination); break;
            default: FillLanes<ScalarOps, double>(destination); break;
        }
    }

    /// <summary>SplitMix64: advances <paramref name="x"/> by the golden gamma and returns its mix (seeds the xoshiro states).</summary>
    internal static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillLanes<TOps, TVec>(Span<double> destination) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        ref var state = ref Unsafe.As<ulong, double>(ref MemoryMarshal.GetArrayDataReference(_state));
        var s0 = TOps.Load(in state);
        var s1 = TOps.Load(in Unsafe.Add(ref state, lanes));
        var s2 = TOps.Load(in Unsafe.Add(ref state, 2 * lanes));
        var s3 = TOps.Load(in Unsafe.Add(ref state, 3 * lanes));
        ref var output = ref MemoryMarshal.GetReference(destination);
        var perVector = 2 * lanes;
        var i = 0;
        for (; i + perVector <= destination.Length; i += perVector)
        {
            NextPair<TOps, TVec>(ref s0, ref s1, ref s2, ref s3, out var z0, out var z1);
            TOps.StoreInterleaved(z0, z1, ref Unsafe.Add(ref output, i));
        }
        if (i < destination.Length)
        {
            Span<double> last = stackalloc double[16];
            NextPair<TOps, TVec>(ref s0, ref s1, ref s2, ref s3, out var z0, out var z1);
            TOps.StoreInterleaved(z0, z1, ref MemoryMarshal.GetReference(last));
            last[..(destination.Length - i)].CopyTo(destination[i..]);
        }
        TOps.Store(s0, ref state);
        TOps.Store(s1, ref Unsafe.Add(ref state, lanes));
        TOps.Store(s2, ref Unsafe.Add(ref state, 2 * lanes));
        TOps.Store(s3, ref Unsafe.Add(ref state, 3 * lanes));
    }

    /// <summary>Two normals per lane from two consecutive outputs of each lane's xoshiro256+ stream (Box–Muller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NextPair<TOps, TVec>(ref TVec s0, ref TVec s1, ref TVec s2, ref TVec s3, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var u1 = ToUnit<TOps, TVec>(Next<TOps, TVec>(ref s0, ref s1, ref s2, ref s3));
        var u2 = ToUnit<TOps, TVec>(Next<TOps, TVec>(ref s0, ref s1, ref s2, ref s3));
        PhiloxLanes.BoxMuller<TOps, TVec>(u1, u2, out z0, out z1);
    }

    /// <summary>xoshiro256+: result s0 + s3, then the xorshift state update with rotl(s3, 45).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Next<TOps, TVec>(ref TVec s0, ref TVec s1, ref TVec s2, ref TVec s3) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var result = TOps.AddBits(s0, s3);
        var t = TOps.ShiftLeft(s1, 17);
        s2 = TOps.Xor(s2, s0);
        s3 = TOps.Xor(s3, s1);
        s1 = TOps.Xor(s1, s2);
        s0 = TOps.Xor(s0, s3);
        s2 = TOps.Xor(s2, t);
        s3 = TOps.Or(TOps.ShiftLeft(s3, 45), TOps.ShiftRight(s3, 19));
        return result;
    }

    /// <summary>(k + ½)·2⁻⁵² from the top 52 bits k, exactly as <see cref="CounterRng.ToUnit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ToUnit<TOps, TVec>(TVec bits) where TOps : ISimdOps<TVec> where TVec : struct =>
        TOps.Sub(TOps.Or(TOps.ShiftRight(bits, 12), TOps.BroadcastBits(0x3FF0_0000_0000_0000UL)), TOps.Broadcast(1.0 - 1.0 / (1UL << 53)));
}
