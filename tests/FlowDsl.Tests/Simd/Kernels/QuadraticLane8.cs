using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd.Kernels;

/// <summary>R(x,θ) = ½|x − θ|² with d = 8 (math.md §6.2), lane-wise: ∇ₓR = x − θ.</summary>
public readonly struct QuadraticLane8 : ILaneGradient
{
    /// <inheritdoc/>
    public static string Name => "Quadratic(d=8)";
    /// <inheritdoc/>
    public static int Dimension => 8;
    /// <inheritdoc/>
    public static int DataLength => 8;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        gradient.X0 = TOps.Sub(x.X0, TOps.Broadcast(θ[0]));
        gradient.X1 = TOps.Sub(x.X1, TOps.Broadcast(θ[1]));
        gradient.X2 = TOps.Sub(x.X2, TOps.Broadcast(θ[2]));
        gradient.X3 = TOps.Sub(x.X3, TOps.Broadcast(θ[3]));
        gradient.X4 = TOps.Sub(x.X4, TOps.Broadcast(θ[4]));
        gradient.X5 = TOps.Sub(x.X5, TOps.Broadcast(θ[5]));
        gradient.X6 = TOps.Sub(x.X6, TOps.Broadcast(θ[6]));
        gradient.X7 = TOps.Sub(x.X7, TOps.Broadcast(θ[7]));
    }
}
