using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd.Kernels;

/// <summary>
/// R(x,θ) = ½(1+θ)x², θ = ±1 (math.md §6.3), lane-wise. SGD gradient: (1+θ)x. SMF-2 (c = 1 + α/2, s = 1):
/// <c>dX = −(1 + α/2)X dt − √α X dβ</c>, one shared Brownian motion β (the noise −θx factors as g(x) = −x, §3.4 b1).
/// </summary>
public readonly struct MultiplicativeLane : ILaneGradient, ILaneSde
{
    /// <inheritdoc cref="ILaneGradient.Name"/>
    public static string Name => "Multiplicative";
    /// <inheritdoc cref="ILaneGradient.Dimension"/>
    public static int Dimension => 1;
    /// <inheritdoc/>
    public static int DataLength => 1;
    /// <inheritdoc/>
    public static int NoiseCount => 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct =>
        gradient.X0 = TOps.Mul(TOps.Broadcast(1 + θ[0]), x.X0);

    /// <summary>a(Y) = −(1 + α/2)·Y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drift<TOps, TVec>(in LaneTile<TVec> y, double α, ref LaneTile<TVec> drift)
        where TOps : ISimdOps<TVec> where TVec : struct =>
        drift.X0 = TOps.Mul(TOps.Broadcast(-(1 + 0.5 * α)), y.X0);

    /// <summary>b(Y)·ΔW = Y·(−√α·ΔW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Diffusion<TOps, TVec>(in LaneTile<TVec> y, double α, ReadOnlySpan<double> ΔW, ref LaneTile<TVec> increment)
        where TOps : ISimdOps<TVec> where TVec : struct =>
        increment.X0 = TOps.Mul(y.X0, TOps.Broadcast(-Math.Sqrt(α) * ΔW[0]));
}
