namespace FlowDsl.Simd;

/// <summary>
/// A mean-field unit Φ(θ,x) on a tile of units (one per lane) at one data point θ shared by all lanes (generated as
/// <c>Model.FeatureLanes</c> for d ≤ 16): the per-particle work of the sums of math.md §4.5, across particles in SIMD.
/// </summary>
public interface ILaneFeature
{
    /// <summary>The model's name, for error messages.</summary>
    static abstract string Name { get; }

    /// <summary>d, the number of parameters of one unit.</summary>
    static abstract int Dimension { get; }

    /// <summary>The length of θ.</summary>
    static abstract int DataLength { get; }

    /// <summary>Φ(θ, xₗ) for every lane l.</summary>
    static abstract TVec Value<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ) where TOps : ISimdOps<TVec> where TVec : struct;

    /// <summary>Writes ∇ₓΦ(θ, xₗ) into the first d fields of <paramref name="gradient"/> and returns Φ(θ, xₗ).</summary>
    static abstract TVec Gradient<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct;

    /// <summary>Writes ∇²ₓΦ(θ, xₗ)·vₗ into the first d fields of <paramref name="result"/>.</summary>
    static abstract void HessianVectorProduct<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, in LaneTile<TVec> v, ref LaneTile<TVec> result)
        where TOps : ISimdOps<TVec> where TVec : struct;
}
