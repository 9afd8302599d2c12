using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// Field-wise operations on the first d coordinates of <see cref="LaneTile{TVec}"/>s. Each is a chain of
/// <c>if (d &gt; i)</c> lines: d is a JIT-time constant (a kernel's static <c>Dimension</c>), so after inlining only the live
/// fields remain and no field's address is taken (which would keep the tile out of registers). Coordinates 4–15 live in
/// separate methods reached only when d &gt; 4, so that a small model's kernel stays small in IL and the JIT's inlining
/// budget is not spent on dead lines.
/// </summary>
internal static class LaneTileArithmetic
{
    /// <summary>x.Xi = source[i·stride] (one vector per coordinate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<TOps, TVec>(int d, ref LaneTile<TVec> x, ref double source, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) x.X0 = TOps.Load(in Unsafe.Add(ref source, 0 * stride));
        if (d > 1) x.X1 = TOps.Load(in Unsafe.Add(ref source, 1 * stride));
        if (d > 2) x.X2 = TOps.Load(in Unsafe.Add(ref source, 2 * stride));
        if (d > 3) x.X3 = TOps.Load(in Unsafe.Add(ref source, 3 * stride));
        if (d > 4) Load4To7<TOps, TVec>(d, ref x, ref source, stride);
        if (d > 8) Load8To11<TOps, TVec>(d, ref x, ref source, stride);
        if (d > 12) Load12To15<TOps, TVec>(d, ref x, ref source, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load4To7<TOps, TVec>(int d, ref LaneTile<TVec> x, ref double source, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) x.X4 = TOps.Load(in Unsafe.Add(ref source, 4 * stride));
        if (d > 5) x.X5 = TOps.Load(in Unsafe.Add(ref source, 5 * stride));
        if (d > 6) x.X6 = TOps.Load(in Unsafe.Add(ref source, 6 * stride));
        if (d > 7) x.X7 = TOps.Load(in Unsafe.Add(ref source, 7 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load8To11<TOps, TVec>(int d, ref LaneTile<TVec> x, ref double source, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) x.X8 = TOps.Load(in Unsafe.Add(ref source, 8 * stride));
        if (d > 9) x.X9 = TOps.Load(in Unsafe.Add(ref source, 9 * stride));
        if (d > 10) x.X10 = TOps.Load(in Unsafe.Add(ref source, 10 * stride));
        if (d > 11) x.X11 = TOps.Load(in Unsafe.Add(ref source, 11 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load12To15<TOps, TVec>(int d, ref LaneTile<TVec> x, ref double source, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) x.X12 = TOps.Load(in Unsafe.Add(ref source, 12 * stride));
        if (d > 13) x.X13 = TOps.Load(in Unsafe.Add(ref source, 13 * stride));
        if (d > 14) x.X14 = TOps.Load(in Unsafe.Add(ref source, 14 * stride));
        if (d > 15) x.X15 = TOps.Load(in Unsafe.Add(ref source, 15 * stride));
    }

    /// <summary>destination[i·stride] = x.Xi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TOps, TVec>(int d, in LaneTile<TVec> x, ref double destination, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) TOps.Store(x.X0, ref Unsafe.Add(ref destination, 0 * stride));
        if (d > 1) TOps.Store(x.X1, ref Unsafe.Add(ref destination, 1 * stride));
        if (d > 2) TOps.Store(x.X2, ref Unsafe.Add(ref destination, 2 * stride));
        if (d > 3) TOps.Store(x.X3, ref Unsafe.Add(ref destination, 3 * stride));
        if (d > 4) Store4To7<TOps, TVec>(d, in x, ref destination, stride);
        if (d > 8) Store8To11<TOps, TVec>(d, in x, ref destination, stride);
        if (d > 12) Store12To15<TOps, TVec>(d, in x, ref destination, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4To7<TOps, TVec>(int d, in LaneTile<TVec> x, ref double destination, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) TOps.Store(x.X4, ref Unsafe.Add(ref destination, 4 * stride));
        if (d > 5) TOps.Store(x.X5, ref Unsafe.Add(ref destination, 5 * stride));
        if (d > 6) TOps.Store(x.X6, ref Unsafe.Add(ref destination, 6 * stride));
        if (d > 7) TOps.Store(x.X7, ref Unsafe.Add(ref destination, 7 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store8To11<TOps, TVec>(int d, in LaneTile<TVec> x, ref double destination, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) TOps.Store(x.X8, ref Unsafe.Add(ref destination, 8 * stride));
        if (d > 9) TOps.Store(x.X9, ref Unsafe.Add(ref destination, 9 * stride));
        if (d > 10) TOps.Store(x.X10, ref Unsafe.Add(ref destination, 10 * stride));
        if (d > 11) TOps.Store(x.X11, ref Unsafe.Add(ref destination, 11 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store12To15<TOps, TVec>(int d, in LaneTile<TVec> x, ref double destination, nint stride) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) TOps.Store(x.X12, ref Unsafe.Add(ref destination, 12 * stride));
        if (d > 13) TOps.Store(x.X13, ref Unsafe.Add(ref destination, 13 * stride));
        if (d > 14) TOps.Store(x.X14, ref Unsafe.Add(ref destination, 14 * stride));
        if (d > 15) TOps.Store(x.X15, ref Unsafe.Add(ref destination, 15 * stride));
    }

    /// <summary>x.Xi ← x.Xi − a·g.Xi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractScaled<TOps, TVec>(int d, ref LaneTile<TVec> x, TVec a, in LaneTile<TVec> g) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) x.X0 = TOps.Sub(x.X0, TOps.Mul(a, g.X0));
        if (d > 1) x.X1 = TOps.Sub(x.X1, TOps.Mul(a, g.X1));
        if (d > 2) x.X2 = TOps.Sub(x.X2, TOps.Mul(a, g.X2));
        if (d > 3) x.X3 = TOps.Sub(x.X3, TOps.Mul(a, g.X3));
        if (d > 4) SubtractScaled4To7<TOps, TVec>(d, ref x, a, in g);
        if (d > 8) SubtractScaled8To11<TOps, TVec>(d, ref x, a, in g);
        if (d > 12) SubtractScaled12To15<TOps, TVec>(d, ref x, a, in g);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractScaled4To7<TOps, TVec>(int d, ref LaneTile<TVec> x, TVec a, in LaneTile<TVec> g) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) x.X4 = TOps.Sub(x.X4, TOps.Mul(a, g.X4));
        if (d > 5) x.X5 = TOps.Sub(x.X5, TOps.Mul(a, g.X5));
        if (d > 6) x.X6 = TOps.Sub(x.X6, TOps.Mul(a, g.X6));
        if (d > 7) x.X7 = TOps.Sub(x.X7, TOps.Mul(a, g.X7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractScaled8To11<TOps, TVec>(int d, ref LaneTile<TVec> x, TVec a, in LaneTile<TVec> g) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) x.X8 = TOps.Sub(x.X8, TOps.Mul(a, g.X8));
        if (d > 9) x.X9 = TOps.Sub(x.X9, TOps.Mul(a, g.X9));
        if (d > 10) x.X10 = TOps.Sub(x.X10, TOps.Mul(a, g.X10));
        if (d > 11) x.X11 = TOps.Sub(x.X11, TOps.Mul(a, g.X11));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractScaled12To15<TOps, TVec>(int d, ref LaneTile<TVec> x, TVec a, in LaneTile<TVec> g) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) x.X12 = TOps.Sub(x.X12, TOps.Mul(a, g.X12));
        if (d > 13) x.X13 = TOps.Sub(x.X13, TOps.Mul(a, g.X13));
        if (d > 14) x.X14 = TOps.Sub(x.X14, TOps.Mul(a, g.X14));
        if (d > 15) x.X15 = TOps.Sub(x.X15, TOps.Mul(a, g.X15));
    }

    /// <summary>r.Xi = y.Xi + a·u.Xi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) r.X0 = TOps.Add(y.X0, TOps.Mul(a, u.X0));
        if (d > 1) r.X1 = TOps.Add(y.X1, TOps.Mul(a, u.X1));
        if (d > 2) r.X2 = TOps.Add(y.X2, TOps.Mul(a, u.X2));
        if (d > 3) r.X3 = TOps.Add(y.X3, TOps.Mul(a, u.X3));
        if (d > 4) AddScaled4To7<TOps, TVec>(d, in y, a, in u, ref r);
        if (d > 8) AddScaled8To11<TOps, TVec>(d, in y, a, in u, ref r);
        if (d > 12) AddScaled12To15<TOps, TVec>(d, in y, a, in u, ref r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled4To7<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) r.X4 = TOps.Add(y.X4, TOps.Mul(a, u.X4));
        if (d > 5) r.X5 = TOps.Add(y.X5, TOps.Mul(a, u.X5));
        if (d > 6) r.X6 = TOps.Add(y.X6, TOps.Mul(a, u.X6));
        if (d > 7) r.X7 = TOps.Add(y.X7, TOps.Mul(a, u.X7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled8To11<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) r.X8 = TOps.Add(y.X8, TOps.Mul(a, u.X8));
        if (d > 9) r.X9 = TOps.Add(y.X9, TOps.Mul(a, u.X9));
        if (d > 10) r.X10 = TOps.Add(y.X10, TOps.Mul(a, u.X10));
        if (d > 11) r.X11 = TOps.Add(y.X11, TOps.Mul(a, u.X11));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled12To15<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) r.X12 = TOps.Add(y.X12, TOps.Mul(a, u.X12));
        if (d > 13) r.X13 = TOps.Add(y.X13, TOps.Mul(a, u.X13));
        if (d > 14) r.X14 = TOps.Add(y.X14, TOps.Mul(a, u.X14));
        if (d > 15) r.X15 = TOps.Add(y.X15, TOps.Mul(a, u.X15));
    }

    /// <summary>r.Xi = (y.Xi + a·u.Xi) + v.Xi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledPlus<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> v, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) r.X0 = TOps.Add(TOps.Add(y.X0, TOps.Mul(a, u.X0)), v.X0);
        if (d > 1) r.X1 = TOps.Add(TOps.Add(y.X1, TOps.Mul(a, u.X1)), v.X1);
        if (d > 2) r.X2 = TOps.Add(TOps.Add(y.X2, TOps.Mul(a, u.X2)), v.X2);
        if (d > 3) r.X3 = TOps.Add(TOps.Add(y.X3, TOps.Mul(a, u.X3)), v.X3);
        if (d > 4) AddScaledPlus4To7<TOps, TVec>(d, in y, a, in u, in v, ref r);
        if (d > 8) AddScaledPlus8To11<TOps, TVec>(d, in y, a, in u, in v, ref r);
        if (d > 12) AddScaledPlus12To15<TOps, TVec>(d, in y, a, in u, in v, ref r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledPlus4To7<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> v, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) r.X4 = TOps.Add(TOps.Add(y.X4, TOps.Mul(a, u.X4)), v.X4);
        if (d > 5) r.X5 = TOps.Add(TOps.Add(y.X5, TOps.Mul(a, u.X5)), v.X5);
        if (d > 6) r.X6 = TOps.Add(TOps.Add(y.X6, TOps.Mul(a, u.X6)), v.X6);
        if (d > 7) r.X7 = TOps.Add(TOps.Add(y.X7, TOps.Mul(a, u.X7)), v.X7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledPlus8To11<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> v, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) r.X8 = TOps.Add(TOps.Add(y.X8, TOps.Mul(a, u.X8)), v.X8);
        if (d > 9) r.X9 = TOps.Add(TOps.Add(y.X9, TOps.Mul(a, u.X9)), v.X9);
        if (d > 10) r.X10 = TOps.Add(TOps.Add(y.X10, TOps.Mul(a, u.X10)), v.X10);
        if (d > 11) r.X11 = TOps.Add(TOps.Add(y.X11, TOps.Mul(a, u.X11)), v.X11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledPlus12To15<TOps, TVec>(int d, in LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> v, ref LaneTile<TVec> r) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) r.X12 = TOps.Add(TOps.Add(y.X12, TOps.Mul(a, u.X12)), v.X12);
        if (d > 13) r.X13 = TOps.Add(TOps.Add(y.X13, TOps.Mul(a, u.X13)), v.X13);
        if (d > 14) r.X14 = TOps.Add(TOps.Add(y.X14, TOps.Mul(a, u.X14)), v.X14);
        if (d > 15) r.X15 = TOps.Add(TOps.Add(y.X15, TOps.Mul(a, u.X15)), v.X15);
    }

    /// <summary>y.Xi ← (y.Xi + a·(u.Xi + w.Xi)) + v.Xi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledSumPlus<TOps, TVec>(int d, ref LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> w, in LaneTile<TVec> v) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 0) y.X0 = TOps.Add(TOps.Add(y.X0, TOps.Mul(a, TOps.Add(u.X0, w.X0))), v.X0);
        if (d > 1) y.X1 = TOps.Add(TOps.Add(y.X1, TOps.Mul(a, TOps.Add(u.X1, w.X1))), v.X1);
        if (d > 2) y.X2 = TOps.Add(TOps.Add(y.X2, TOps.Mul(a, TOps.Add(u.X2, w.X2))), v.X2);
        if (d > 3) y.X3 = TOps.Add(TOps.Add(y.X3, TOps.Mul(a, TOps.Add(u.X3, w.X3))), v.X3);
        if (d > 4) AddScaledSumPlus4To7<TOps, TVec>(d, ref y, a, in u, in w, in v);
        if (d > 8) AddScaledSumPlus8To11<TOps, TVec>(d, ref y, a, in u, in w, in v);
        if (d > 12) AddScaledSumPlus12To15<TOps, TVec>(d, ref y, a, in u, in w, in v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledSumPlus4To7<TOps, TVec>(int d, ref LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> w, in LaneTile<TVec> v) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 4) y.X4 = TOps.Add(TOps.Add(y.X4, TOps.Mul(a, TOps.Add(u.X4, w.X4))), v.X4);
        if (d > 5) y.X5 = TOps.Add(TOps.Add(y.X5, TOps.Mul(a, TOps.Add(u.X5, w.X5))), v.X5);
        if (d > 6) y.X6 = TOps.Add(TOps.Add(y.X6, TOps.Mul(a, TOps.Add(u.X6, w.X6))), v.X6);
        if (d > 7) y.X7 = TOps.Add(TOps.Add(y.X7, TOps.Mul(a, TOps.Add(u.X7, w.X7))), v.X7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledSumPlus8To11<TOps, TVec>(int d, ref LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> w, in LaneTile<TVec> v) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 8) y.X8 = TOps.Add(TOps.Add(y.X8, TOps.Mul(a, TOps.Add(u.X8, w.X8))), v.X8);
        if (d > 9) y.X9 = TOps.Add(TOps.Add(y.X9, TOps.Mul(a, TOps.Add(u.X9, w.X9))), v.X9);
        if (d > 10) y.X10 = TOps.Add(TOps.Add(y.X10, TOps.Mul(a, TOps.Add(u.X10, w.X10))), v.X10);
        if (d > 11) y.X11 = TOps.Add(TOps.Add(y.X11, TOps.Mul(a, TOps.Add(u.X11, w.X11))), v.X11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledSumPlus12To15<TOps, TVec>(int d, ref LaneTile<TVec> y, TVec a, in LaneTile<TVec> u, in LaneTile<TVec> w, in LaneTile<TVec> v) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (d > 12) y.X12 = TOps.Add(TOps.Add(y.X12, TOps.Mul(a, TOps.Add(u.X12, w.X12))), v.X12);
        if (d > 13) y.X13 = TOps.Add(TOps.Add(y.X13, TOps.Mul(a, TOps.Add(u.X13, w.X13))), v.X13);
        if (d > 14) y.X14 = TOps.Add(TOps.Add(y.X14, TOps.Mul(a, TOps.Add(u.X14, w.X14))), v.X14);
        if (d > 15) y.X15 = TOps.Add(TOps.Add(y.X15, TOps.Mul(a, TOps.Add(u.X15, w.X15))), v.X15);
    }

    /// <summary>
    /// Σᵢ x.Xi·0: zero in every lane whose coordinates are all finite, NaN otherwise (x·0 is ±0 for finite x, NaN for ±∞ and
    /// NaN). Each term is one fused multiply-add onto one of four interleaved sums, so the probe costs d FMAs with a latency
    /// of ≈ d/4 of them (it runs once per tile and chunk of steps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec NonFiniteProbe<TOps, TVec>(int d, in LaneTile<TVec> x) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var zero = TOps.Broadcast(0.0);
        TVec a = zero, b = zero, c = zero, e = zero;
        if (d > 0) a = TOps.Fma(x.X0, zero, a);
        if (d > 1) b = TOps.Fma(x.X1, zero, b);
        if (d > 2) c = TOps.Fma(x.X2, zero, c);
        if (d > 3) e = TOps.Fma(x.X3, zero, e);
        if (d > 4) a = TOps.Fma(x.X4, zero, a);
        if (d > 5) b = TOps.Fma(x.X5, zero, b);
        if (d > 6) c = TOps.Fma(x.X6, zero, c);
        if (d > 7) e = TOps.Fma(x.X7, zero, e);
        if (d > 8) a = TOps.Fma(x.X8, zero, a);
        if (d > 9) b = TOps.Fma(x.X9, zero, b);
        if (d > 10) c = TOps.Fma(x.X10, zero, c);
        if (d > 11) e = TOps.Fma(x.X11, zero, e);
        if (d > 12) a = TOps.Fma(x.X12, zero, a);
        if (d > 13) b = TOps.Fma(x.X13, zero, b);
        if (d > 14) c = TOps.Fma(x.X14, zero, c);
        if (d > 15) e = TOps.Fma(x.X15, zero, e);
        return TOps.Add(TOps.Add(a, b), TOps.Add(c, e));
    }
}
