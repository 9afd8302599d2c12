using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.MeanField;

/// <summary>
/// Sums and dot products over contiguous spans with a FIXED lane order: four partial sums in a
/// <see cref="Vector256{T}"/> (element i goes to lane i mod 4), added as (l₀ + l₁) + (l₂ + l₃), then the tail in order.
/// Unlike <c>TensorPrimitives.Sum</c>, whose grouping follows the hardware's widest vector, the result is the same
/// bits with AVX-512, AVX2 or no SIMD at all (the software fallback computes the same lane-wise operations), so
/// results stay reproducible across machines and SIMD widths. Products are not fused (no FMA contraction).
/// </summary>
internal static class LaneSums
{
    /// <summary>Σᵢ xᵢ in the fixed lane order.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        ref var start = ref MemoryMarshal.GetReference(x);
        var acc = Vector256<double>.Zero;
        var i = 0;
        for (; i + 4 <= x.Length; i += 4) acc += Vector256.LoadUnsafe(ref start, (nuint)i);
        var sum = Horizontal(acc);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>Σᵢ aᵢbᵢ in the fixed lane order (each product rounded, then added).</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Spans of {a.Length} and {b.Length} numbers cannot be dotted.", nameof(b));
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<double>.Zero;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4) acc += Vector256.LoadUnsafe(ref left, (nuint)i) * Vector256.LoadUnsafe(ref right, (nuint)i);
        var sum = Horizontal(acc);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Horizontal(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));
}
