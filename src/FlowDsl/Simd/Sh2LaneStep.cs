using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// One stochastic Heun step with midpoint diffusion (SH2, math.md §5.2) of a lane SDE, the same ΔW for every lane:
/// <code>
/// Ȳ = (Y + h·a(Y)) + Σₖbᵏ(Y)ΔWᵏ,   Ŷ = Y + (h/2)·a(Y),   Y' = (Y + (h/2)·(a(Y) + a(Ȳ))) + Σₖbᵏ(Ŷ)ΔWᵏ
/// </code>
/// Parameters: [α, h]; input per step: ΔW (K values); constants: [α, h, h/2, ΔW…]. No FMA, so a scalar loop with the same
/// expressions reproduces it bit for bit.
/// </summary>
/// <typeparam name="TSde">The model's lane SDE coefficients.</typeparam>
public readonly struct Sh2LaneStep<TSde> : ILaneStep where TSde : ILaneSde
{
    /// <inheritdoc/>
    public static string Name => TSde.Name;
    /// <inheritdoc/>
    public static int Dimension => TSde.Dimension;
    /// <inheritdoc/>
    public static int ParameterCount => 2;
    /// <inheritdoc/>
    public static int InputLength => TSde.NoiseCount;
    /// <inheritdoc/>
    public static int ConstantCount => 3 + TSde.NoiseCount;

    /// <inheritdoc/>
    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants)
    {
        constants[0] = parameters[0];
        constants[1] = parameters[1];
        constants[2] = 0.5 * parameters[1];
        input.CopyTo(constants[3..]);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> y, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var d = TSde.Dimension;
        var α = constants[0];
        var h = TOps.Broadcast(constants[1]);
        var halfH = TOps.Broadcast(constants[2]);
        var ΔW = constants[3..];
        LaneTile<TVec> drift0 = default, noise = default, predictor = default, midpoint = default, drift1 = default;
        TSde.Drift<TOps, TVec>(in y, α, ref drift0);
        TSde.Diffusion<TOps, TVec>(in y, α, ΔW, ref noise);
        LaneTileArithmetic.AddScaledPlus<TOps, TVec>(d, in y, h, in drift0, in noise, ref predictor);
        LaneTileArithmetic.AddScaled<TOps, TVec>(d, in y, halfH, in drift0, ref midpoint);
        TSde.Drift<TOps, TVec>(in predictor, α, ref drift1);
        TSde.Diffusion<TOps, TVec>(in midpoint, α, ΔW, ref noise);
        LaneTileArithmetic.AddScaledSumPlus<TOps, TVec>(d, ref y, halfH, in drift0, in drift1, in noise);
    }
}
