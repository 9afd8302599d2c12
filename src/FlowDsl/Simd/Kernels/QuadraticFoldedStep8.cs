using System.Runtime.CompilerServices;

namespace FlowDsl.Simd.Kernels;

/// <summary>
/// The SGD step of R = ½|x − θ|², d = 8, with the θ-only part folded per step: x − α(x − θ) = x·(1 − α) + αθ, one FMA per
/// coordinate (what a generator that hoists per-step scalars emits). Constants: [1 − α, αθ₀ … αθ₇]. Differs from
/// <see cref="SgdLaneStep{TGradient}"/> of <see cref="QuadraticLane8"/> only by rounding.
/// </summary>
public readonly struct QuadraticFoldedStep8 : ILaneStep
{
    /// <inheritdoc/>
    public static string Name => "Quadratic(d=8), folded";
    /// <inheritdoc/>
    public static int Dimension => 8;
    /// <inheritdoc/>
    public static int ParameterCount => 1;
    /// <inheritdoc/>
    public static int InputLength => 8;
    /// <inheritdoc/>
    public static int ConstantCount => 9;

    /// <inheritdoc/>
    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants)
    {
        var α = parameters[0];
        constants[0] = 1 - α;
        for (var i = 0; i < 8; i++) constants[1 + i] = α * input[i];
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keep = TOps.Broadcast(constants[0]);
        x.X0 = TOps.Fma(x.X0, keep, TOps.Broadcast(constants[1]));
        x.X1 = TOps.Fma(x.X1, keep, TOps.Broadcast(constants[2]));
        x.X2 = TOps.Fma(x.X2, keep, TOps.Broadcast(constants[3]));
        x.X3 = TOps.Fma(x.X3, keep, TOps.Broadcast(constants[4]));
        x.X4 = TOps.Fma(x.X4, keep, TOps.Broadcast(constants[5]));
        x.X5 = TOps.Fma(x.X5, keep, TOps.Broadcast(constants[6]));
        x.X6 = TOps.Fma(x.X6, keep, TOps.Broadcast(constants[7]));
        x.X7 = TOps.Fma(x.X7, keep, TOps.Broadcast(constants[8]));
    }
}
