namespace FlowDsl.Simd;

/// <summary>
/// Marks a mean-field model whose generator also emitted feature lanes (<typeparamref name="TLanes"/>, for d ≤ 16), so
/// the mean-field sums can run across particles in SIMD.
/// </summary>
/// <typeparam name="TLanes">The model's generated <c>FeatureLanes</c>.</typeparam>
public interface ILaneFeatureModel<TLanes> : IMeanFieldModel where TLanes : ILaneFeature;
