namespace FlowDsl.Simd;

/// <summary>
/// ∇ₓR(x,θ) and ∇²ₓR(x,θ)·v lane-wise over data nodes for a small risk model (d, |θ| ≤ 16): the nodes θ come from a
/// <see cref="LaneTile{TVec}"/> (one node per lane), the point x (and the direction v) are scalars shared by all lanes.
/// The sums over the nodes of a rule or the atoms of a finite law (the mean quantities, math.md §0.1) run on it.
/// Every lane operation is one IEEE operation, so every width gives the same bits per node.
/// </summary>
public interface ILaneNodes
{
    /// <summary>The model's name, for error messages.</summary>
    static abstract string Name { get; }

    /// <summary>d, the number of parameters x.</summary>
    static abstract int Dimension { get; }

    /// <summary>The number of data scalars θ.</summary>
    static abstract int DataLength { get; }

    /// <summary>Writes ∇ₓR(x,θₗ) of every lane l into the first d fields of <paramref name="gradient"/>.</summary>
    static abstract void Gradient<TOps, TVec>(ReadOnlySpan<double> x, in LaneTile<TVec> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct;

    /// <summary>Writes ∇²ₓR(x,θₗ)·v of every lane l into the first d fields of <paramref name="result"/>.</summary>
    static abstract void HessianVectorProduct<TOps, TVec>(ReadOnlySpan<double> x, ReadOnlySpan<double> v, in LaneTile<TVec> θ, ref LaneTile<TVec> result)
        where TOps : ISimdOps<TVec> where TVec : struct;
}

/// <summary>
/// Marks a risk model (an <see cref="IRiskModel"/>) whose generator also emitted node lanes (<typeparamref name="TLanes"/>),
/// so its mean quantities can be summed over nodes in SIMD. Like <see cref="ILaneFeatureModel{TLanes}"/> it does not extend
/// the model contract, so that the SIMD layer stays below it (docs/architecture.md §3).
/// </summary>
/// <typeparam name="TLanes">The model's generated <c>NodeLanes</c>.</typeparam>
public interface ILaneNodeModel<TLanes> where TLanes : ILaneNodes;
