using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.Simd;

/// <summary>
/// Inlined vector math for double at three widths — scalar, <see cref="Vector256{T}"/>, <see cref="Vector512{T}"/> — with
/// bit-identical results across widths (one algorithm, the same IEEE operations in the same order). Use it instead of the
/// BCL vector transcendentals in hot loops: those are out-of-line calls (Vector512) and have no Tanh.
/// </summary>
public static class VectorMath
{
    /// <summary>ln x, fdlibm-style (≤ 1 ulp): ±0 → −∞, x &lt; 0 or NaN → NaN, +∞ → +∞, subnormals handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log(double x) => VectorMathCore.Log<ScalarOps, double>(x);

    /// <summary>ln x, fdlibm-style (≤ 1 ulp): ±0 → −∞, x &lt; 0 or NaN → NaN, +∞ → +∞, subnormals handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x) => VectorMathCore.Log<V256Ops, Vector256<double>>(x);

    /// <summary>ln x, fdlibm-style (≤ 1 ulp): ±0 → −∞, x &lt; 0 or NaN → NaN, +∞ → +∞, subnormals handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x) => VectorMathCore.Log<V512Ops, Vector512<double>>(x);

    /// <summary>eˣ by Cody–Waite reduction and a degree-13 polynomial (≤ 1 ulp for normal results): x &gt; 709.78 → +∞, x &lt; −746 → 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x) => VectorMathCore.Exp<ScalarOps, double>(x);

    /// <summary>eˣ by Cody–Waite reduction and a degree-13 polynomial (≤ 1 ulp for normal results): x &gt; 709.78 → +∞, x &lt; −746 → 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x) => VectorMathCore.Exp<V256Ops, Vector256<double>>(x);

    /// <summary>eˣ by Cody–Waite reduction and a degree-13 polynomial (≤ 1 ulp for normal results): x &gt; 709.78 → +∞, x &lt; −746 → 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x) => VectorMathCore.Exp<V512Ops, Vector512<double>>(x);

    /// <summary>tanh x = sign(x)·e/(e + 2), e = expm1(2|x|) (≤ 3 ulp); |x| &gt; 19 → ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tanh(double x) => VectorMathCore.Tanh<ScalarOps, double>(x);

    /// <summary>tanh x = sign(x)·e/(e + 2), e = expm1(2|x|) (≤ 3 ulp); |x| &gt; 19 → ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x) => VectorMathCore.Tanh<V256Ops, Vector256<double>>(x);

    /// <summary>tanh x = sign(x)·e/(e + 2), e = expm1(2|x|) (≤ 3 ulp); |x| &gt; 19 → ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x) => VectorMathCore.Tanh<V512Ops, Vector512<double>>(x);

    /// <summary>The logistic function σ(x) = 1/(1 + e^{−x}) (≤ 2 ulp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => VectorMathCore.Sigmoid<ScalarOps, double>(x);

    /// <summary>The logistic function σ(x) = 1/(1 + e^{−x}) (≤ 2 ulp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x) => VectorMathCore.Sigmoid<V256Ops, Vector256<double>>(x);

    /// <summary>The logistic function σ(x) = 1/(1 + e^{−x}) (≤ 2 ulp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => VectorMathCore.Sigmoid<V512Ops, Vector512<double>>(x);

    /// <summary>sin x and cos x for an angle x ∈ [0, 2π) (accurate to ~1 ulp for |x| ≤ 2²⁰).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Sin, double Cos) SinCos(double x)
    {
        VectorMathCore.SinCos<ScalarOps, double>(x, out var sin, out var cos);
        return (sin, cos);
    }

    /// <summary>sin x and cos x for an angle x ∈ [0, 2π) (accurate to ~1 ulp for |x| ≤ 2²⁰).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCos(Vector256<double> x)
    {
        VectorMathCore.SinCos<V256Ops, Vector256<double>>(x, out var sin, out var cos);
        return (sin, cos);
    }

    /// <summary>sin x and cos x for an angle x ∈ [0, 2π) (accurate to ~1 ulp for |x| ≤ 2²⁰).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Sin, Vector512<double> Cos) SinCos(Vector512<double> x)
    {
        VectorMathCore.SinCos<V512Ops, Vector512<double>>(x, out var sin, out var cos);
        return (sin, cos);
    }

    /// <summary>sin 2πu and cos 2πu for u ∈ [0, 1): the Box–Muller angle given in turns (the reduction is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Sin, double Cos) SinCosTurns(double u)
    {
        VectorMathCore.SinCosTurns<ScalarOps, double>(u, out var sin, out var cos);
        return (sin, cos);
    }

    /// <summary>sin 2πu and cos 2πu for u ∈ [0, 1): the Box–Muller angle given in turns (the reduction is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCosTurns(Vector256<double> u)
    {
        VectorMathCore.SinCosTurns<V256Ops, Vector256<double>>(u, out var sin, out var cos);
        return (sin, cos);
    }

    /// <summary>sin 2πu and cos 2πu for u ∈ [0, 1): the Box–Muller angle given in turns (the reduction is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Sin, Vector512<double> Cos) SinCosTurns(Vector512<double> u)
    {
        VectorMathCore.SinCosTurns<V512Ops, Vector512<double>>(u, out var sin, out var cos);
        return (sin, cos);
    }
}
