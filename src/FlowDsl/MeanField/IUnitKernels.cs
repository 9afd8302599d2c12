namespace FlowDsl.MeanField;

/// <summary>
/// The per-(atom, particle) unit calls of the mean-field sums (math.md §4.5) for the particles [start, end) of one
/// block at one atom θ: Φ(θ, xₖ), ∇ₓΦ(θ, xₖ) and ∇²ₓΦ(θ, xₖ)·vₖ. Configurations and directions are the evaluator's
/// row-major n×d arrays (particle k at <c>[k·d, (k+1)·d)</c>); outputs are block-relative (particle k at
/// <c>(k − start)</c>, times d for vectors).
/// </summary>
/// <remarks>
/// A block is first announced with <see cref="Prepare"/> (and <see cref="PrepareDirection"/> before Hessian-vector
/// products); the calls that follow for any number of atoms must pass the same x and v. An implementation may keep a
/// copy of the block in another layout. Calls on different blocks may run concurrently; each particle's numbers
/// depend only on that particle, θ and v, never on the block, the thread or its position in the block.
/// </remarks>
internal interface IUnitKernels
{
    /// <summary>The lane width of the generated feature lanes used for full tiles, or null for the span kernels.</summary>
    Simd.SimdWidth? LaneWidth { get; }

    /// <summary>Announces that particles [start, end) of x will be evaluated at several atoms.</summary>
    void Prepare(ReadOnlySpan<double> x, int start, int end);

    /// <summary>Announces the direction v (n×d) of the next Hessian-vector products of particles [start, end).</summary>
    void PrepareDirection(ReadOnlySpan<double> v, int start, int end);

    /// <summary>values[k − start] = Φ(θ, xₖ) for k in [start, end).</summary>
    void Values(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> values);

    /// <summary>gradients[(k − start)·d ..] = ∇ₓΦ(θ, xₖ) for k in [start, end).</summary>
    void Gradients(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> gradients);

    /// <summary>results[(k − start)·d ..] = ∇²ₓΦ(θ, xₖ)·vₖ for k in [start, end).</summary>
    void HessianVectorProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> v, int start, int end, ReadOnlySpan<double> θ, Span<double> results);
}
