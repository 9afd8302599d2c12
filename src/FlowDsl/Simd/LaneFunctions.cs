using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// The elementwise functions of the model language on lanes, for generated lane kernels: written once over
/// <see cref="ISimdOps{TVec}"/> (the inlined vector math of <see cref="VectorMath"/>), so every width gives the same bits.
/// </summary>
public static class LaneFunctions
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>−a (flips the sign bit, so −0 and NaN behave as in scalar code).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Negate<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => TOps.Xor(a, TOps.BroadcastBits(SignBit));

    /// <summary>|a|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Abs<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => TOps.And(a, TOps.BroadcastBits(~SignBit));

    /// <summary>eᵃ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => VectorMathCore.Exp<TOps, TVec>(a);

    /// <summary>ln a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Log<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => VectorMathCore.Log<TOps, TVec>(a);

    /// <summary>tanh a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => VectorMathCore.Tanh<TOps, TVec>(a);

    /// <summary>1 / (1 + e^{−a}).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct => VectorMathCore.Sigmoid<TOps, TVec>(a);

    /// <summary>sin a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sin<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct
    {
        VectorMathCore.SinCos<TOps, TVec>(a, out var sin, out _);
        return sin;
    }

    /// <summary>cos a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Cos<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct
    {
        VectorMathCore.SinCos<TOps, TVec>(a, out _, out var cos);
        return cos;
    }

    /// <summary>log(1 + eᵃ) = max(a, 0) + log(1 + e^{−|a|}), which does not overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Softplus<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var tail = Log<TOps, TVec>(TOps.Add(TOps.Broadcast(1.0), Exp<TOps, TVec>(Negate<TOps, TVec>(Abs<TOps, TVec>(a)))));
        return TOps.Add(Relu<TOps, TVec>(a), tail);
    }

    /// <summary>max(a, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Relu<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct =>
        TOps.Select(TOps.GreaterThan(a, TOps.Broadcast(0.0)), a, TOps.Broadcast(0.0));

    /// <summary>1 for a &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct =>
        TOps.Select(TOps.GreaterThan(a, TOps.Broadcast(0.0)), TOps.Broadcast(1.0), TOps.Broadcast(0.0));

    /// <summary>sign a, with sign 0 = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sign<TOps, TVec>(TVec a) where TOps : ISimdOps<TVec> where TVec : struct =>
        TOps.Select(TOps.GreaterThan(a, TOps.Broadcast(0.0)), TOps.Broadcast(1.0),
            TOps.Select(TOps.LessThan(a, TOps.Broadcast(0.0)), TOps.Broadcast(-1.0), TOps.Broadcast(0.0)));

    /// <summary>aᵖ: repeated multiplication for integer p with |p| ≤ 16, else e^{p·ln a}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Pow<TOps, TVec>(TVec a, double p) where TOps : ISimdOps<TVec> where TVec : struct
    {
        if (p != Math.Floor(p) || Math.Abs(p) > 16)
            return Exp<TOps, TVec>(TOps.Mul(TOps.Broadcast(p), Log<TOps, TVec>(a)));
        var n = (int)Math.Abs(p);
        var result = TOps.Broadcast(1.0);
        var power = a;
        while (n > 0)
        {
            if ((n & 1) != 0) result = TOps.Mul(result, power);
            n >>= 1;
            if (n > 0) power = TOps.Mul(power, power);
        }
        return p < 0 ? TOps.Div(TOps.Broadcast(1.0), result) : result;
    }
}
