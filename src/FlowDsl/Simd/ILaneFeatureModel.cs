namespace FlowDsl.Simd;

/// <summary>
/// Marks a mean-field model (an <see cref="IMeanFieldModel"/>) whose generator also emitted feature lanes (<typeparamref name="TLanes"/>, for d ≤ 16), so
/// the mean-field sums can run across particles in SIMD. It does not extend <see cref="IMeanFieldModel"/>, so that the
/// SIMD layer stays below the model contracts (docs/architecture.md §3); the generated class implements both.
/// </summary>
/// <typeparam name="TLanes">The model's generated <c>FeatureLanes</c>.</typeparam>
public interface ILaneFeatureModel<TLanes> where TLanes : ILaneFeature;
