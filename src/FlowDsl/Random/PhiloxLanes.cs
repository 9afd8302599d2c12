using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Philox4x32-10 with one counter block per lane, written once over <see cref="ISimdOps{TVec}"/>: each 64-bit lane holds a
/// 32-bit word, and the 32×32→64 products come from <see cref="ISimdOps{TVec}.MultiplyLow32"/> (<c>vpmuludq</c>).
/// Lane i of the result equals <see cref="Philox4x32.Generate"/> of counter (c0ᵢ, c1, c2, c3).
/// </summary>
internal static class PhiloxLanes
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Ten rounds; <paramref name="c0"/> holds one block counter per lane, the other counter words are shared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate<TOps, TVec>(uint k0, uint k1, TVec c0, uint c1, uint c2, uint c3,
        out TVec r0, out TVec r1, out TVec r2, out TVec r3) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var low32 = TOps.BroadcastBits(0xFFFF_FFFFUL);
        var m0 = TOps.BroadcastBits(M0);
        var m1 = TOps.BroadcastBits(M1);
        var x1 = TOps.BroadcastBits(c1);
        var x2 = TOps.BroadcastBits(c2);
        var x3 = TOps.BroadcastBits(c3);
        var x0 = c0;
        for (var round = 0; round < 10; round++)
        {
            var p0 = TOps.MultiplyLow32(x0, m0);
            var p1 = TOps.MultiplyLow32(x2, m1);
            x0 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p1, 32), x1), TOps.BroadcastBits(k0));
            x2 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p0, 32), x3), TOps.BroadcastBits(k1));
            x1 = TOps.And(p1, low32);
            x3 = TOps.And(p0, low32);
            k0 += W0;
            k1 += W1;
        }
        (r0, r1, r2, r3) = (x0, x1, x2, x3);
    }

    /// <summary>
    /// The uniform in (0,1) from two 32-bit words (hi, lo): the top 52 of their 64 bits, n, give (n + ½)·2⁻⁵², computed
    /// exactly as (1 + n·2⁻⁵²) − (1 − 2⁻⁵³). Equals <see cref="CounterRng.ToUnit"/>((hi &lt;&lt; 32) | lo).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ToUnit<TOps, TVec>(TVec hi, TVec lo) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var mantissa = TOps.Or(TOps.ShiftLeft(hi, 20), TOps.ShiftRight(lo, 12));
        var oneToTwo = TOps.Or(mantissa, TOps.BroadcastBits(0x3FF0_0000_0000_0000UL));
        return TOps.Sub(oneToTwo, TOps.Broadcast(1.0 - 1.0 / (1UL << 53)));
    }

    /// <summary>Box–Muller on one uniform pair: r = √(−2 ln u₁), (z₀, z₁) = (r cos 2πu₂, r sin 2πu₂), using the inlined math.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller<TOps, TVec>(TVec u1, TVec u2, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var radius = TOps.Sqrt(TOps.Mul(TOps.Broadcast(-2.0), VectorMathCore.Log<TOps, TVec>(u1)));
        VectorMathCore.SinCosTurns<TOps, TVec>(u2, out var sin, out var cos);
        z0 = TOps.Mul(radius, cos);
        z1 = TOps.Mul(radius, sin);
    }

    /// <summary>The two normals of each lane's counter block (block, step, path, stream) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalPairs<TOps, TVec>(uint k0, uint k1, TVec blocks, uint step, uint path, uint stream, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        Generate<TOps, TVec>(k0, k1, blocks, step, path, stream, out var a, out var b, out var c, out var d);
        BoxMuller<TOps, TVec>(ToUnit<TOps, TVec>(a, b), ToUnit<TOps, TVec>(c, d), out z0, out z1);
    }
}
