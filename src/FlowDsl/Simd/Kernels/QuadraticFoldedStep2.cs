using System.Runtime.CompilerServices;

namespace FlowDsl.Simd.Kernels;

/// <summary>
/// The SGD step of R = ½|x − θ|², d = 2, with the θ-only part folded per step: x − α(x − θ) = x·(1 − α) + αθ, one FMA per
/// coordinate (what a generator that hoists per-step scalars emits). Constants: [1 − α, αθ₀, αθ₁]. Differs from
/// <see cref="SgdLaneStep{TGradient}"/> of <see cref="QuadraticLane2"/> only by rounding.
/// </summary>
public readonly struct QuadraticFoldedStep2 : ILaneStep
{
    /// <inheritdoc/>
    public static string Name => "Quadratic(d=2), folded";
    /// <inheritdoc/>
    public static int Dimension => 2;
    /// <inheritdoc/>
    public static int ParameterCount => 1;
    /// <inheritdoc/>
    public static int InputLength => 2;
    /// <inheritdoc/>
    public static int ConstantCount => 3;

    /// <inheritdoc/>
    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants)
    {
        var α = parameters[0];
        constants[0] = 1 - α;
        constants[1] = α * input[0];
        constants[2] = α * input[1];
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keep = TOps.Broadcast(constants[0]);
        x.X0 = TOps.Fma(x.X0, keep, TOps.Broadcast(constants[1]));
        x.X1 = TOps.Fma(x.X1, keep, TOps.Broadcast(constants[2]));
    }
}
