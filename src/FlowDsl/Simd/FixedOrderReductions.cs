using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.Simd;

/// <summary>
/// Σᵢ aᵢbᵢ and Σᵢ xᵢ in one summation order defined without reference to the hardware, so the result has the same bits
/// with AVX-512, AVX2, SSE/NEON or no SIMD (math.md §8: same seed, same bits, at every SIMD width).
/// <c>TensorPrimitives.Dot</c> and <c>.Sum</c> group the terms by the widest accelerated vector, so their bits change
/// with <c>DOTNET_EnableAVX512=0</c>.
/// </summary>
/// <remarks>
/// The order, with tᵢ = aᵢbᵢ or tᵢ = xᵢ and n = 32q + 8r + e (r &lt; 4, e &lt; 8); "s += aᵢbᵢ" is one fused multiply–add
/// (a single rounding) on every path, including the scalar one:
/// <list type="number">
/// <item>32 partial sums, sₖ = Σ_{b&lt;q} t_{32b+k} added in increasing b, starting from +0;</item>
/// <item>the r blocks of 8 after them added into s₀…s₇ in turn: sₖ += t_{32q+8c+k};</item>
/// <item>a fixed pairwise fold, halving each time: sₖ ← sₖ + s_{k+h} for h = 16, 8, 4, 2, 1, giving s₀;</item>
/// <item>the e remaining terms added to s₀ one after another, in index order.</item>
/// </list>
/// Each width only keeps the 32 sums in different registers (4 × <see cref="Vector512{T}"/>, 8 × <see cref="Vector256{T}"/>,
/// 16 × <see cref="Vector128{T}"/> or 32 doubles); every sum sees the same additions in the same order.
/// </remarks>
public static class FixedOrderReductions
{
    private const int Partials = 32;

    /// <summary>Σᵢ aᵢbᵢ in the fixed order above, on the widest accelerated vectors.</summary>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Spans of {a.Length} and {b.Length} numbers cannot be dotted.", nameof(b));
        return Reduce<Products>(a, b);
    }

    /// <summary>Σᵢ xᵢ in the fixed order above, on the widest accelerated vectors.</summary>
    public static double Sum(ReadOnlySpan<double> x) => Reduce<Values>(x, x);

    internal static double Dot512(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Reduce512<Products>(a, b);
    internal static double Dot256(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Reduce256<Products>(a, b);
    internal static double Dot128(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Reduce128<Products>(a, b);
    internal static double DotScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => ReduceScalar<Products>(a, b);
    internal static double Sum512(ReadOnlySpan<double> x) => Reduce512<Values>(x, x);
    internal static double Sum256(ReadOnlySpan<double> x) => Reduce256<Values>(x, x);
    internal static double Sum128(ReadOnlySpan<double> x) => Reduce128<Values>(x, x);
    internal static double SumScalar(ReadOnlySpan<double> x) => ReduceScalar<Values>(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduce<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms =>
        a.Length < 8 ? ReduceShort<T>(a, b)
        : Vector512.IsHardwareAccelerated ? Reduce512<T>(a, b)
        : Vector256.IsHardwareAccelerated ? Reduce256<T>(a, b)
        : Vector128.IsHardwareAccelerated ? Reduce128<T>(a, b)
        : ReduceScalar<T>(a, b);

    private static double Reduce512<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var (s0, s1, s2, s3) = (Vector512<double>.Zero, Vector512<double>.Zero, Vector512<double>.Zero, Vector512<double>.Zero);
        var i = 0;
        for (; i + Partials <= a.Length; i += Partials)
        {
            s0 = T.Add512(s0, ref x, ref y, i);
            s1 = T.Add512(s1, ref x, ref y, i + 8);
            s2 = T.Add512(s2, ref x, ref y, i + 16);
            s3 = T.Add512(s3, ref x, ref y, i + 24);
        }
        for (; i + 8 <= a.Length; i += 8) s0 = T.Add512(s0, ref x, ref y, i);
        Span<double> s = stackalloc double[Partials];
        s0.StoreUnsafe(ref s[0]);
        s1.StoreUnsafe(ref s[8]);
        s2.StoreUnsafe(ref s[16]);
        s3.StoreUnsafe(ref s[24]);
        return Finish<T>(s, ref x, ref y, i, a.Length);
    }

    private static double Reduce256<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var (s0, s1, s2, s3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var (s4, s5, s6, s7) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var i = 0;
        for (; i + Partials <= a.Length; i += Partials)
        {
            s0 = T.Add256(s0, ref x, ref y, i);
            s1 = T.Add256(s1, ref x, ref y, i + 4);
            s2 = T.Add256(s2, ref x, ref y, i + 8);
            s3 = T.Add256(s3, ref x, ref y, i + 12);
            s4 = T.Add256(s4, ref x, ref y, i + 16);
            s5 = T.Add256(s5, ref x, ref y, i + 20);
            s6 = T.Add256(s6, ref x, ref y, i + 24);
            s7 = T.Add256(s7, ref x, ref y, i + 28);
        }
        for (; i + 8 <= a.Length; i += 8)
        {
            s0 = T.Add256(s0, ref x, ref y, i);
            s1 = T.Add256(s1, ref x, ref y, i + 4);
        }
        Span<double> s = stackalloc double[Partials];
        s0.StoreUnsafe(ref s[0]);
        s1.StoreUnsafe(ref s[4]);
        s2.StoreUnsafe(ref s[8]);
        s3.StoreUnsafe(ref s[12]);
        s4.StoreUnsafe(ref s[16]);
        s5.StoreUnsafe(ref s[20]);
        s6.StoreUnsafe(ref s[24]);
        s7.StoreUnsafe(ref s[28]);
        return Finish<T>(s, ref x, ref y, i, a.Length);
    }

    private static double Reduce128<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        // 16 accumulators of two lanes; kept in a stack buffer, since x64 without AVX has only 16 vector registers.
        Span<double> s = stackalloc double[Partials];
        s.Clear();
        ref var sums = ref MemoryMarshal.GetReference(s);
        var i = 0;
        for (; i + Partials <= a.Length; i += Partials)
            for (var k = 0; k < Partials; k += 2)
                T.Add128(Vector128.LoadUnsafe(ref sums, (nuint)k), ref x, ref y, i + k).StoreUnsafe(ref sums, (nuint)k);
        for (; i + 8 <= a.Length; i += 8)
            for (var k = 0; k < 8; k += 2)
                T.Add128(Vector128.LoadUnsafe(ref sums, (nuint)k), ref x, ref y, i + k).StoreUnsafe(ref sums, (nuint)k);
        return Finish<T>(s, ref x, ref y, i, a.Length);
    }

    private static double ReduceScalar<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        Span<double> s = stackalloc double[Partials];
        s.Clear();
        var i = 0;
        for (; i + Partials <= a.Length; i += Partials)
            for (var k = 0; k < Partials; k++) s[k] = T.Add(s[k], ref x, ref y, i + k);
        for (; i + 8 <= a.Length; i += 8)
            for (var k = 0; k < 8; k++) s[k] = T.Add(s[k], ref x, ref y, i + k);
        return Finish<T>(s, ref x, ref y, i, a.Length);
    }

    // Fewer than 8 terms: the 32 sums stay +0 and fold to +0, so the order is step 4 alone, from +0 (the same bits as every
    // width, without their buffer and fold: generated kernels of small models call this once per term).
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // short dots (generated models' d ≤ 7) are hot: no extra call
    private static double ReduceShort<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where T : struct, ITerms
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum = T.Add(sum, ref x, ref y, i);
        return sum;
    }

    // Steps 3 and 4 of the order, shared by every width: the pairwise fold of the 32 sums, then the tail in index order.
    private static double Finish<T>(Span<double> s, ref double x, ref double y, int i, int n) where T : struct, ITerms
    {
        // sₖ ← sₖ + s_{k+h}, four k at a time while h ≥ 4 (entrywise, so the same bits as one k at a time on any hardware).
        ref var r = ref MemoryMarshal.GetReference(s);
        for (var h = Partials / 2; h >= 4; h /= 2)
            for (var k = 0; k < h; k += 4)
                (Vector256.LoadUnsafe(ref r, (nuint)k) + Vector256.LoadUnsafe(ref r, (nuint)(k + h))).StoreUnsafe(ref r, (nuint)k);
        var sum = (s[0] + s[2]) + (s[1] + s[3]);
        for (; i < n; i++) sum = T.Add(sum, ref x, ref y, i);
        return sum;
    }

    /// <summary>s + tᵢ at index i, at each width.</summary>
    private interface ITerms
    {
        static abstract double Add(double s, ref double a, ref double b, int i);
        static abstract Vector128<double> Add128(Vector128<double> s, ref double a, ref double b, int i);
        static abstract Vector256<double> Add256(Vector256<double> s, ref double a, ref double b, int i);
        static abstract Vector512<double> Add512(Vector512<double> s, ref double a, ref double b, int i);
    }

    /// <summary>s + aᵢbᵢ fused, one rounding (IEEE fusedMultiplyAdd; where the hardware has no FMA the runtime computes the same correctly rounded result in software).</summary>
    private readonly struct Products : ITerms
    {
        public static double Add(double s, ref double a, ref double b, int i) => Math.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), s);
        public static Vector128<double> Add128(Vector128<double> s, ref double a, ref double b, int i) =>
            Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), s);
        public static Vector256<double> Add256(Vector256<double> s, ref double a, ref double b, int i) =>
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s);
        public static Vector512<double> Add512(Vector512<double> s, ref double a, ref double b, int i) =>
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), s);
    }

    /// <summary>s + aᵢ (the second span is the first, unread).</summary>
    private readonly struct Values : ITerms
    {
        public static double Add(double s, ref double a, ref double b, int i) => s + Unsafe.Add(ref a, i);
        public static Vector128<double> Add128(Vector128<double> s, ref double a, ref double b, int i) => s + Vector128.LoadUnsafe(ref a, (nuint)i);
        public static Vector256<double> Add256(Vector256<double> s, ref double a, ref double b, int i) => s + Vector256.LoadUnsafe(ref a, (nuint)i);
        public static Vector512<double> Add512(Vector512<double> s, ref double a, ref double b, int i) => s + Vector512.LoadUnsafe(ref a, (nuint)i);
    }
}
