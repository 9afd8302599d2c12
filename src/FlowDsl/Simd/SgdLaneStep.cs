using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// The n-point SGD step x ← x − α∇ₓR(x,θᵢ) built from a lane gradient, with θᵢ shared by every particle (math.md §1.2).
/// Parameters: [α]; input per step: θᵢ; constants: [α, θᵢ…]. The arithmetic is exactly <c>x − α·g</c> (no FMA), so the
/// result is bit-identical to a plain scalar loop that does the same.
/// </summary>
/// <typeparam name="TGradient">The model's lane gradient.</typeparam>
public readonly struct SgdLaneStep<TGradient> : ILaneStep where TGradient : ILaneGradient
{
    /// <inheritdoc/>
    public static string Name => TGradient.Name;
    /// <inheritdoc/>
    public static int Dimension => TGradient.Dimension;
    /// <inheritdoc/>
    public static int ParameterCount => 1;
    /// <inheritdoc/>
    public static int InputLength => TGradient.DataLength;
    /// <inheritdoc/>
    public static int ConstantCount => 1 + TGradient.DataLength;

    /// <inheritdoc/>
    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants)
    {
        constants[0] = parameters[0];
        input.CopyTo(constants[1..]);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var gradient = default(LaneTile<TVec>);
        TGradient.Gradient<TOps, TVec>(in x, constants[1..], ref gradient);
        LaneTileArithmetic.SubtractScaled<TOps, TVec>(TGradient.Dimension, ref x, TOps.Broadcast(constants[0]), in gradient);
    }
}
