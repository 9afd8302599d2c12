namespace FlowDsl.Simd;

/// <summary>
/// One step of a particle ensemble whose particles do not interact within the step, split into a per-step scalar part
/// and a per-lane part: <see cref="PrepareStep"/> runs once per step (θ-only and noise-only quantities: αθ, √α·ΔW, …),
/// <see cref="Step{TOps, TVec}(ref LaneTile{TVec}, ReadOnlySpan{double})"/> runs on every tile of lanes. This is the shape of kernel the generator emits and
/// <see cref="Fused.FusedEnsemble"/> drives (tiling, time fusion, widths, threads).
/// </summary>
/// <remarks>
/// <see cref="Step{TOps, TVec}(ref LaneTile{TVec}, ReadOnlySpan{double})"/> is written once, generic over the lane operations, and instantiated for scalar,
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

    /// <summary>
    /// How many independent tiles the driver should advance together (1, 2 or 4); 0 lets the driver choose from d.
    /// A large step inlined four times can exhaust the JIT's inlining budget, so big kernels ask for fewer.
    /// </summary>
    static virtual int PreferredTileCount => 0;

    /// <summary>
    /// How many standard normals of its own each lane reads per step (0 for steps whose randomness is shared, like SGD and
    /// the SMF; K for the SME and independent SGD). When positive, the driver calls the <see cref="Step{TOps, TVec}(ref LaneTile{TVec}, ReadOnlySpan{double}, in LaneTile{TVec})"/>
    /// overload with normals from <see cref="Random.LaneNormals"/> (counter-based per particle and step, so reproducible).
    /// </summary>
    static virtual int LaneNormalCount => 0;

    /// <summary>Computes the shared per-step constants from the run parameters and this step's input (scalar, once per step).</summary>
    static abstract void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants);

    /// <summary>Advances every lane of <paramref name="x"/> by one step using the per-step <paramref name="constants"/>.</summary>
    static abstract void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants)
        where TOps : ISimdOps<TVec> where TVec : struct;

    /// <summary>Advances every lane using the per-step constants and this step's per-lane standard normals (fields below <see cref="LaneNormalCount"/>).</summary>
    /// <exception cref="NotSupportedException">The step reads no per-lane normals (<see cref="LaneNormalCount"/> is 0).</exception>
    static virtual void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants, in LaneTile<TVec> normals)
        where TOps : ISimdOps<TVec> where TVec : struct =>
        throw new NotSupportedException("This lane step reads no per-lane normals; call Step(ref x, constants).");
}
