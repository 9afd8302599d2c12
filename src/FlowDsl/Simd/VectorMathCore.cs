using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// The vector math algorithms, written once over <see cref="ISimdOps{TVec}"/>: the same operations in the same order at
/// every width, hence bit-identical results for scalar, <c>Vector256</c> and <c>Vector512</c>.
/// </summary>
internal static class VectorMathCore
{
    // ln 2 split for Cody–Waite reduction (ln2 = Ln2Hi + Ln2Lo to ~106 bits).
    private const double Ln2Hi = 0.6931471805599453, Ln2Lo = 2.3190468138462996e-17;
    private const double Log2E = 1.4426950408889634;
    // fdlibm log: ln2 with 32 trailing zero bits in the high part, so k·Ln2HiLog is exact.
    private const double Ln2HiLog = 6.93147180369123816490e-01, Ln2LoLog = 1.90821492927058770002e-10;
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;
    // π/2 = PiO2A + PiO2B + PiO2C to ~160 bits.
    private const double PiO2A = 1.5707963267948966, PiO2B = 6.123233995736766e-17, PiO2C = -1.4973849048591698e-33;
    private const double TwoOverPi = 0.6366197723675814;
    // fdlibm __kernel_sin / __kernel_cos on [−π/4, π/4].
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    // 2^52 + 2^51: adding it to an integer-valued double puts the integer (two's complement) in the low mantissa bits.
    private const double RoundMagic = 6755399441055744.0;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>ln x (musl/fdlibm e_log.c): x = 2^k·m, m ∈ [√2/2, √2), f = m − 1, s = f/(2+f), log(1+f) = f − s(f − R(s²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Log<TOps, TVec>(TVec x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        // Subnormals: scale by 2^54 first.
        var subnormal = TOps.LessThan(x, TOps.Broadcast(2.2250738585072014e-308));
        var scaled = TOps.Select(subnormal, TOps.Mul(x, TOps.Broadcast(18014398509481984.0)), x);
        var kBias = TOps.Select(subnormal, TOps.Broadcast(-54.0), TOps.Broadcast(0.0));
        var result = LogOfNormal<TOps, TVec>(scaled, kBias, biased: true);

        // Special values: +∞ → +∞, ±0 → −∞, x < 0 or NaN → NaN.
        result = TOps.Select(TOps.EqualTo(x, TOps.Broadcast(double.PositiveInfinity)), x, result);
        result = TOps.Select(TOps.EqualTo(x, TOps.Broadcast(0.0)), TOps.Broadcast(double.NegativeInfinity), result);
        var valid = TOps.Or(TOps.GreaterThan(x, TOps.Broadcast(0.0)), TOps.EqualTo(x, TOps.Broadcast(0.0)));
        return TOps.Select(valid, result, TOps.Broadcast(double.NaN));
    }

    /// <summary>
    /// ln u for a positive normal finite u (a uniform of <see cref="FlowDsl.Random.CounterRng.ToUnit"/>, u ∈ [2⁻⁵³, 1)):
    /// <see cref="Log{TOps, TVec}"/> without its subnormal and special-value selects, so the same bits on that range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec LogOfUnit<TOps, TVec>(TVec u) where TOps : ISimdOps<TVec> where TVec : struct =>
        LogOfNormal<TOps, TVec>(u, default, biased: false);

    /// <summary>ln(x·2^kBias) for a positive normal finite x: the fdlibm reduction and polynomial (kBias = 0 and one add fewer when not <paramref name="biased"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec LogOfNormal<TOps, TVec>(TVec scaled, TVec kBias, bool biased) where TOps : ISimdOps<TVec> where TVec : struct
    {
        // Move the mantissa into [√2/2, √2): add (0x3ff00000 − 0x3fe6a09e) to the high word, read k, rebuild m.
        var bits = TOps.AddBits(scaled, TOps.BroadcastBits(0x0009_5F62_0000_0000UL));
        var kField = TOps.ShiftRight(bits, 52); // k + 1023, a small non-negative integer
        var kPlusBias = TOps.Sub(TOps.Or(kField, TOps.BroadcastBits(0x4330_0000_0000_0000UL)), TOps.Broadcast(4503599627370496.0 + 1023.0));
        var dk = biased ? TOps.Add(kPlusBias, kBias) : kPlusBias; // k + 0.0 = k: the same bits
        var m = TOps.AddBits(TOps.And(bits, TOps.BroadcastBits(0x000F_FFFF_FFFF_FFFFUL)), TOps.BroadcastBits(0x3FE6_A09E_0000_0000UL));

        var f = TOps.Sub(m, TOps.Broadcast(1.0));
        var hfsq = TOps.Mul(TOps.Mul(TOps.Broadcast(0.5), f), f);
        var s = TOps.Div(f, TOps.Add(TOps.Broadcast(2.0), f));
        var z = TOps.Mul(s, s);
        var w = TOps.Mul(z, z);
        var t1 = TOps.Mul(w, TOps.Fma(w, TOps.Fma(w, TOps.Broadcast(Lg6), TOps.Broadcast(Lg4)), TOps.Broadcast(Lg2)));
        var t2 = TOps.Mul(z, TOps.Fma(w, TOps.Fma(w, TOps.Fma(w, TOps.Broadcast(Lg7), TOps.Broadcast(Lg5)), TOps.Broadcast(Lg3)), TOps.Broadcast(Lg1)));
        var r = TOps.Add(t2, t1);
        // s·(hfsq + R) + k·ln2_lo − hfsq + f + k·ln2_hi, left to right as in fdlibm.
        var result = TOps.Add(TOps.Mul(s, TOps.Add(hfsq, r)), TOps.Mul(dk, TOps.Broadcast(Ln2LoLog)));
        return TOps.Add(TOps.Add(TOps.Sub(result, hfsq), f), TOps.Mul(dk, TOps.Broadcast(Ln2HiLog)));
    }

    /// <summary>
    /// The Cody–Waite reduction shared by exp and expm1: k = round(x/ln2), r = x − k·ln2 (two FMAs), and
    /// p = e^r − 1 = r + r²(1/2! + r/3! + … + r¹¹/13!) for |r| ≤ ln2/2 (truncation below 0.05 ulp).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ReduceExp<TOps, TVec>(TVec x, out TVec k) where TOps : ISimdOps<TVec> where TVec : struct
    {
        k = TOps.Round(TOps.Mul(x, TOps.Broadcast(Log2E)));
        var minusK = TOps.Sub(TOps.Broadcast(0.0), k);
        var r = TOps.Fma(minusK, TOps.Broadcast(Ln2Hi), x);
        r = TOps.Fma(minusK, TOps.Broadcast(Ln2Lo), r);
        var q = TOps.Broadcast(1.0 / 6227020800.0);               // 1/13!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 479001600.0));   // 1/12!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 39916800.0));    // 1/11!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 3628800.0));     // 1/10!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 362880.0));      // 1/9!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 40320.0));       // 1/8!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 5040.0));        // 1/7!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 720.0));         // 1/6!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 120.0));         // 1/5!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 24.0));          // 1/4!
        q = TOps.Fma(q, r, TOps.Broadcast(1.0 / 6.0));           // 1/3!
        q = TOps.Fma(q, r, TOps.Broadcast(0.5));                 // 1/2!
        return TOps.Fma(TOps.Mul(r, r), q, r);
    }

    /// <summary>2^k for an integer-valued k with −1022 ≤ k ≤ 1023, built in the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Pow2<TOps, TVec>(TVec k) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var integer = TOps.Add(k, TOps.Broadcast(RoundMagic)); // low bits: k in two's complement
        return TOps.ShiftLeft(TOps.AddBits(integer, TOps.BroadcastBits(1023UL)), 52);
    }

    /// <summary>
    /// eˣ = 2^k·(1 + p): the scale is applied as 2^k₁·2^k₂ with k₁ = round(k/2), so results in the subnormal range and
    /// up to the overflow threshold come out right. x &gt; 709.78 → +∞, x &lt; −746 → 0, NaN → NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TOps, TVec>(TVec x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var p = ReduceExp<TOps, TVec>(x, out var k);
        var k1 = TOps.Round(TOps.Mul(k, TOps.Broadcast(0.5)));
        var k2 = TOps.Sub(k, k1);
        var s1 = Pow2<TOps, TVec>(k1);
        var result = TOps.Mul(TOps.Fma(p, s1, s1), Pow2<TOps, TVec>(k2));
        result = TOps.Select(TOps.GreaterThan(x, TOps.Broadcast(709.782712893384)), TOps.Broadcast(double.PositiveInfinity), result);
        result = TOps.Select(TOps.LessThan(x, TOps.Broadcast(-746.0)), TOps.Broadcast(0.0), result);
        return TOps.Select(TOps.EqualTo(x, x), result, x);
    }

    /// <summary>eˣ − 1 = 2^k·p + (2^k − 1) with one rounding, for 0 ≤ x ≤ 38 (k ≤ 55; 2^k − 1 is exact for k ≤ 53).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Expm1Small<TOps, TVec>(TVec x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var p = ReduceExp<TOps, TVec>(x, out var k);
        var s = Pow2<TOps, TVec>(k);
        return TOps.Fma(s, p, TOps.Sub(s, TOps.Broadcast(1.0)));
    }

    /// <summary>tanh x = sign(x)·e/(e + 2) with e = expm1(2|x|); |x| &gt; 19 gives ±1 (exact in double); NaN → NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TOps, TVec>(TVec x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var sign = TOps.And(x, TOps.BroadcastBits(SignBit));
        var magnitude = TOps.Xor(x, sign);
        var large = TOps.GreaterThan(magnitude, TOps.Broadcast(19.0));
        var clamped = TOps.Select(large, TOps.Broadcast(0.0), magnitude);
        var e = Expm1Small<TOps, TVec>(TOps.Add(clamped, clamped));
        var t = TOps.Div(e, TOps.Add(e, TOps.Broadcast(2.0)));
        t = TOps.Select(large, TOps.Broadcast(1.0), t);
        return TOps.Select(TOps.EqualTo(x, x), TOps.Or(t, sign), x);
    }

    /// <summary>σ(x) = 1/(1 + e^{−x}).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TOps, TVec>(TVec x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var e = Exp<TOps, TVec>(TOps.Sub(TOps.Broadcast(0.0), x));
        return TOps.Div(TOps.Broadcast(1.0), TOps.Add(TOps.Broadcast(1.0), e));
    }

    /// <summary>sin and cos of x = q·π/2 + r with integer q and |r| ≤ π/4 (<paramref name="quadrant"/> holds q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SinCosReduced<TOps, TVec>(TVec r, TVec quadrant, out TVec sin, out TVec cos)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var z = TOps.Mul(r, r);
        // __kernel_sin with y = 0: r + r³(S1 + z(S2 + z(S3 + z(S4 + z(S5 + z S6))))).
        var rs = TOps.Fma(z, TOps.Fma(z, TOps.Fma(z, TOps.Broadcast(S6), TOps.Broadcast(S5)), TOps.Broadcast(S4)), TOps.Broadcast(S3));
        rs = TOps.Fma(z, rs, TOps.Broadcast(S2));
        var v = TOps.Mul(z, r);
        var sinR = TOps.Fma(v, TOps.Fma(z, rs, TOps.Broadcast(S1)), r);
        // __kernel_cos with y = 0: w + (((1 − w) − z/2) + z²·C(z)), w = 1 − z/2.
        var rc = TOps.Fma(z, TOps.Fma(z, TOps.Fma(z, TOps.Broadcast(C6), TOps.Broadcast(C5)), TOps.Broadcast(C4)), TOps.Broadcast(C3));
        rc = TOps.Mul(z, TOps.Fma(z, TOps.Fma(z, rc, TOps.Broadcast(C2)), TOps.Broadcast(C1)));
        var hz = TOps.Mul(TOps.Broadcast(0.5), z);
        var w = TOps.Sub(TOps.Broadcast(1.0), hz);
        var cosR = TOps.Add(w, TOps.Fma(z, rc, TOps.Sub(TOps.Sub(TOps.Broadcast(1.0), w), hz)));

        // Quadrant n = q mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
        var n = TOps.Add(quadrant, TOps.Broadcast(RoundMagic));
        var swap = TOps.EqualTo(TOps.And(n, TOps.BroadcastBits(1UL)), TOps.BroadcastBits(1UL));
        var sinSign = TOps.ShiftLeft(TOps.And(n, TOps.BroadcastBits(2UL)), 62);
        var cosSign = TOps.ShiftLeft(TOps.And(TOps.AddBits(n, TOps.BroadcastBits(1UL)), TOps.BroadcastBits(2UL)), 62);
        sin = TOps.Xor(TOps.Select(swap, cosR, sinR), sinSign);
        cos = TOps.Xor(TOps.Select(swap, sinR, cosR), cosSign);
    }

    /// <summary>sin x and cos x for |x| ≤ 2²⁰ (meant for angles in [0, 2π)): three-part Cody–Waite reduction by π/2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TOps, TVec>(TVec x, out TVec sin, out TVec cos) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var q = TOps.Round(TOps.Mul(x, TOps.Broadcast(TwoOverPi)));
        var minusQ = TOps.Sub(TOps.Broadcast(0.0), q);
        var r = TOps.Fma(minusQ, TOps.Broadcast(PiO2A), x);
        r = TOps.Fma(minusQ, TOps.Broadcast(PiO2B), r);
        r = TOps.Fma(minusQ, TOps.Broadcast(PiO2C), r);
        SinCosReduced<TOps, TVec>(r, q, out sin, out cos);
    }

    /// <summary>
    /// sin r and cos r for |r| ≤ π/4: fdlibm's kernel polynomials (truncation below 2⁻⁵⁸) in plain Horner form,
    /// sin r = r + r·z·S(z), cos r = 1 + z·(−½ + z·C(z)), z = r² — within about an ulp, without the kernels' extra-precision
    /// steps or a quadrant reduction (for Box–Muller's angle within a quarter turn, math.md §8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosSmall<TOps, TVec>(TVec r, out TVec sin, out TVec cos) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var z = TOps.Mul(r, r);
        var s = TOps.Fma(z, TOps.Broadcast(S6), TOps.Broadcast(S5));
        s = TOps.Fma(z, s, TOps.Broadcast(S4));
        s = TOps.Fma(z, s, TOps.Broadcast(S3));
        s = TOps.Fma(z, s, TOps.Broadcast(S2));
        s = TOps.Fma(z, s, TOps.Broadcast(S1));
        sin = TOps.Fma(TOps.Mul(z, r), s, r);
        var c = TOps.Fma(z, TOps.Broadcast(C6), TOps.Broadcast(C5));
        c = TOps.Fma(z, c, TOps.Broadcast(C4));
        c = TOps.Fma(z, c, TOps.Broadcast(C3));
        c = TOps.Fma(z, c, TOps.Broadcast(C2));
        c = TOps.Fma(z, c, TOps.Broadcast(C1));
        c = TOps.Fma(z, c, TOps.Broadcast(-0.5));
        cos = TOps.Fma(z, c, TOps.Broadcast(1.0));
    }

    /// <summary>sin 2πu and cos 2πu for u ∈ [0, 1) (Box–Muller's angle in turns): 4u − round(4u) is exact, so only the final ×π/2 rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurns<TOps, TVec>(TVec u, out TVec sin, out TVec cos) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var t = TOps.Mul(u, TOps.Broadcast(4.0));
        var q = TOps.Round(t);
        var f = TOps.Sub(t, q);
        var r = TOps.Fma(f, TOps.Broadcast(PiO2A), TOps.Mul(f, TOps.Broadcast(PiO2B)));
        SinCosReduced<TOps, TVec>(r, q, out sin, out cos);
    }
}
