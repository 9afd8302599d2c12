using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Philox4x32-10 with one counter block per lane, written once over <see cref="ISimdOps{TVec}"/>: each 64-bit lane holds a
/// 32-bit word, and the 32×32→64 products come from <see cref="ISimdOps{TVec}.MultiplyLow32"/> (<c>vpmuludq</c>).
/// Lane i of the result equals <see cref="Philox4x32.Generate"/> of counter (c0ᵢ, c1, c2, c3).
/// </summary>
/// <remarks>
/// Speed (issue 14): the ten rounds are unrolled over a key schedule computed once per key (<see cref="Keys{TVec}"/>), and the
/// words are not masked to 32 bits between rounds — a round reads only the low halves of its inputs (the multiplier
/// ignores the high half, a xor keeps the halves apart), so the high halves may hold garbage until the final mask.
/// </remarks>
internal static class PhiloxLanes
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>The ten round keys (k0 + r·W0, k1 + r·W1), r = 0…9, broadcast once so the rounds read them from registers or L1.</summary>
    public struct Keys<TVec> where TVec : struct
    {
        private TVec _a0, _a1, _a2, _a3, _a4, _a5, _a6, _a7, _a8, _a9;
        private TVec _b0, _b1, _b2, _b3, _b4, _b5, _b6, _b7, _b8, _b9;

        /// <summary>The schedule of key (<paramref name="k0"/>, <paramref name="k1"/>).</summary>
        /// <remarks>Field by field, not through a constructor: the JIT did not inline a 20-vector constructor.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Keys<TVec> Create<TOps>(uint k0, uint k1) where TOps : ISimdOps<TVec>
        {
            Unsafe.SkipInit(out Keys<TVec> keys);
            unchecked
            {
                keys._a0 = TOps.BroadcastBits(k0); keys._b0 = TOps.BroadcastBits(k1);
                keys._a1 = TOps.BroadcastBits(k0 + W0); keys._b1 = TOps.BroadcastBits(k1 + W1);
                keys._a2 = TOps.BroadcastBits(k0 + 2 * W0); keys._b2 = TOps.BroadcastBits(k1 + 2 * W1);
                keys._a3 = TOps.BroadcastBits(k0 + 3 * W0); keys._b3 = TOps.BroadcastBits(k1 + 3 * W1);
                keys._a4 = TOps.BroadcastBits(k0 + 4 * W0); keys._b4 = TOps.BroadcastBits(k1 + 4 * W1);
                keys._a5 = TOps.BroadcastBits(k0 + 5 * W0); keys._b5 = TOps.BroadcastBits(k1 + 5 * W1);
                keys._a6 = TOps.BroadcastBits(k0 + 6 * W0); keys._b6 = TOps.BroadcastBits(k1 + 6 * W1);
                keys._a7 = TOps.BroadcastBits(k0 + 7 * W0); keys._b7 = TOps.BroadcastBits(k1 + 7 * W1);
                keys._a8 = TOps.BroadcastBits(k0 + 8 * W0); keys._b8 = TOps.BroadcastBits(k1 + 8 * W1);
                keys._a9 = TOps.BroadcastBits(k0 + 9 * W0); keys._b9 = TOps.BroadcastBits(k1 + 9 * W1);
            }
            return keys;
        }

        /// <summary>Ten rounds on lanes (x0, x1, x2, x3); the results are masked to 32 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Rounds<TOps>(ref TVec x0, ref TVec x1, ref TVec x2, ref TVec x3) where TOps : ISimdOps<TVec>
        {
            var m0 = TOps.BroadcastBits(M0);
            var m1 = TOps.BroadcastBits(M1);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a0, _b0);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a1, _b1);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a2, _b2);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a3, _b3);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a4, _b4);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a5, _b5);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a6, _b6);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a7, _b7);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a8, _b8);
            Round<TOps>(ref x0, ref x1, ref x2, ref x3, m0, m1, _a9, _b9);
            var low32 = TOps.BroadcastBits(0xFFFF_FFFFUL);
            x0 = TOps.And(x0, low32);
            x1 = TOps.And(x1, low32);
            x2 = TOps.And(x2, low32);
            x3 = TOps.And(x3, low32);
        }

        /// <summary>
        /// One round: (x0, x1, x2, x3) ← (hi(M1·x2) ⊕ x1 ⊕ ka, lo(M1·x2), hi(M0·x0) ⊕ x3 ⊕ kb, lo(M0·x0)) on the low 32 bits;
        /// lo is left as the whole 64-bit product (its high half is ignored downstream).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round<TOps>(ref TVec x0, ref TVec x1, ref TVec x2, ref TVec x3, TVec m0, TVec m1, TVec ka, TVec kb)
            where TOps : ISimdOps<TVec>
        {
            var p0 = TOps.MultiplyLow32(x0, m0);
            var p1 = TOps.MultiplyLow32(x2, m1);
            x0 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p1, 32), x1), ka);
            x2 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p0, 32), x3), kb);
            x1 = p1;
            x3 = p0;
        }
    }

    /// <summary>Ten rounds; <paramref name="c0"/> holds one block counter per lane, the other counter words are shared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate<TOps, TVec>(uint k0, uint k1, TVec c0, uint c1, uint c2, uint c3,
        out TVec r0, out TVec r1, out TVec r2, out TVec r3) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keys = Keys<TVec>.Create<TOps>(k0, k1);
        Generate<TOps, TVec>(in keys, c0, TOps.BroadcastBits(c1), TOps.BroadcastBits(c2), TOps.BroadcastBits(c3), out r0, out r1, out r2, out r3);
    }

    /// <summary>Ten rounds under a precomputed key schedule; counter word i of lane j is lane j of <paramref name="c0"/> … <paramref name="c3"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate<TOps, TVec>(in Keys<TVec> keys, TVec c0, TVec c1, TVec c2, TVec c3,
        out TVec r0, out TVec r1, out TVec r2, out TVec r3) where TOps : ISimdOps<TVec> where TVec : struct
    {
        keys.Rounds<TOps>(ref c0, ref c1, ref c2, ref c3);
        (r0, r1, r2, r3) = (c0, c1, c2, c3);
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

    /// <summary>
    /// Box–Muller on one uniform pair: r = √(−2 ln u₁), (z₀, z₁) = (r cos 2πu₂, r sin 2πu₂), using the inlined math
    /// (<see cref="VectorMathCore.LogOfUnit{TOps, TVec}"/>: u₁ ∈ [2⁻⁵³, 1) needs none of ln's special cases).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller<TOps, TVec>(TVec u1, TVec u2, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var radius = TOps.Sqrt(TOps.Mul(TOps.Broadcast(-2.0), VectorMathCore.LogOfUnit<TOps, TVec>(u1)));
        VectorMathCore.SinCosTurns<TOps, TVec>(u2, out var sin, out var cos);
        z0 = TOps.Mul(radius, cos);
        z1 = TOps.Mul(radius, sin);
    }

    /// <summary>The two normals of each lane's counter block (block, step, path, stream) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalPairs<TOps, TVec>(uint k0, uint k1, TVec blocks, uint step, uint path, uint stream, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keys = Keys<TVec>.Create<TOps>(k0, k1);
        NormalPairs<TOps, TVec>(in keys, blocks, TOps.BroadcastBits(step), TOps.BroadcastBits(path), TOps.BroadcastBits(stream), out z0, out z1);
    }

    /// <summary>The two normals of each lane's counter block (block, c1, c2, c3) under a precomputed key schedule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalPairs<TOps, TVec>(in Keys<TVec> keys, TVec blocks, TVec c1, TVec c2, TVec c3, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        Generate<TOps, TVec>(in keys, blocks, c1, c2, c3, out var a, out var b, out var c, out var d);
        BoxMuller<TOps, TVec>(ToUnit<TOps, TVec>(a, b), ToUnit<TOps, TVec>(c, d), out z0, out z1);
    }
}
