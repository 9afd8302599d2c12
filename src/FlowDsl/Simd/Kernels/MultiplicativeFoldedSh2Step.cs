using System.Runtime.CompilerServices;

namespace FlowDsl.Simd.Kernels;

/// <summary>
/// The SH2 step of the Multiplicative SMF-2 (<see cref="MultiplicativeLane"/>) with the per-step scalars folded: with
/// A = −(1 + α/2)h and B = −√α·ΔW, Ȳ = Y(1 + A + B), Ŷ = Y(1 + A/2) and Y' = Y + (A/2)(Ȳ + Y) + B·Ŷ, i.e. per lane
/// <c>Y' = fma(A/2, Y·P + Y, fma(Y, Q, Y))</c> with P = 1 + A + B, Q = B(1 + A/2). Constants: [P, A/2, Q].
/// </summary>
public readonly struct MultiplicativeFoldedSh2Step : ILaneStep
{
    /// <inheritdoc/>
    public static string Name => "Multiplicative SMF-2 SH2, folded";
    /// <inheritdoc/>
    public static int Dimension => 1;
    /// <inheritdoc/>
    public static int ParameterCount => 2;
    /// <inheritdoc/>
    public static int InputLength => 1;
    /// <inheritdoc/>
    public static int ConstantCount => 3;

    /// <inheritdoc/>
    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants)
    {
        double α = parameters[0], h = parameters[1];
        var a = -(1 + 0.5 * α) * h;
        var b = -Math.Sqrt(α) * input[0];
        constants[0] = 1 + a + b;
        constants[1] = 0.5 * a;
        constants[2] = b * (1 + 0.5 * a);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> y, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var predictor = TOps.Mul(y.X0, TOps.Broadcast(constants[0]));
        var noise = TOps.Fma(y.X0, TOps.Broadcast(constants[2]), y.X0);
        y.X0 = TOps.Fma(TOps.Broadcast(constants[1]), TOps.Add(predictor, y.X0), noise);
    }
}
