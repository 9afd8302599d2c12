namespace FlowDsl.Simd;

/// <summary>
/// One step of a particle ensemble whose particles do not interact within the step, split into a per-step scalar part
/// and a per-lane part: <see cref="PrepareStep"/> runs once per step (θ-only and noise-only quantities: αθ, √α·ΔW, …),
/// <see cref="Step{TOps, TVec}"/> runs on every tile of lanes. This is the shape of kernel the generator emits and
/// <see cref="FusedEnsemble"/> drives (tiling, time fusion, widths, threads).
/// </summary>
/// <remarks>
/// <see cref="Step{TOps, TVec}"/> is written once, generic over the lane operations, and instantiated for scalar,
/// <c>Vector256</c> and <c>Vector512</c>; using only <see cref="ISimdOps{TVec}"/> operations makes every width give the same bits.
/// </remarks>
public interface ILaneStep
{
    /// <summary>The model's name, for error messages.</summary>
    static abstract string Name { get; }

    /// <summary>d, the number of coordinates of a particle (at most <see cref="LaneTile{TVec}.MaxDimension"/>).</summary>
    static abstract int Dimension { get; }

    /// <summary>How many run parameters <see cref="PrepareStep"/> expects (α, h, …).</summary>
    static abstract int ParameterCount { get; }

    /// <summary>How many scalars each step consumes (θᵢ for SGD, ΔWᵢ for an SDE step).</summary>
    static abstract int InputLength { get; }

    /// <summary>How many per-step constants <see cref="PrepareStep"/> writes.</summary>
    static abstract int ConstantCount { get; }

    /// <summary>Computes the shared per-step constants from the run parameters and this step's input (scalar, once per step).</summary>
    static abstract void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants);

    /// <summary>Advances every lane of <paramref name="x"/> by one step using the per-step <paramref name="constants"/>.</summary>
    static abstract void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct;
}
