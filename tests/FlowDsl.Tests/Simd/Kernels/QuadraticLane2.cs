using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd.Kernels;

/// <summary>
/// R(x,θ) = ½|x − θ|² with d = 2 (math.md §6.2), lane-wise: ∇ₓR = x − θ. Hand-written in the shape the generator emits.
/// </summary>
public readonly struct QuadraticLane2 : ILaneGradient
{
    /// <inheritdoc/>
    public static string Name => "Quadratic(d=2)";
    /// <inheritdoc/>
    public static int Dimension => 2;
    /// <inheritdoc/>
    public static int DataLength => 2;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        gradient.X0 = TOps.Sub(x.X0, TOps.Broadcast(θ[0]));
        gradient.X1 = TOps.Sub(x.X1, TOps.Broadcast(θ[1]));
    }
}
