namespace FlowDsl;

/// <summary>
/// A mean-field network: the unit <c>Φ(θ,x)</c> with parameters x of one neuron and data θ, and the target <c>f(θ)</c>
/// (math.md §4.1). The generator implements it on every <see cref="MeanFieldModelAttribute"/> class.
/// </summary>
/// <remarks>In <see cref="Layout"/>, the parameters are the unit's x (for example (a, w, b)), the data are θ.</remarks>
public interface IMeanFieldModel
{
    /// <summary>The model's name (the class name).</summary>
    static abstract string Name { get; }

    /// <summary>Where each unit parameter and data argument sits in the flat spans.</summary>
    static abstract ModelLayout Layout { get; }

    /// <summary>The law <c>P</c> of θ declared with <see cref="LawAttribute"/>, or <c>null</c>.</summary>
    static abstract Law? DefaultLaw { get; }

    /// <summary>Φ(θ,x), from generated code.</summary>
    static abstract double Feature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ);

    /// <summary>Writes ∇ₓΦ(θ,x) into <paramref name="gradient"/> and returns Φ(θ,x).</summary>
    static abstract double FeatureGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient);

    /// <summary>Writes ∇²ₓΦ(θ,x)·v into <paramref name="result"/>.</summary>
    static abstract void FeatureHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result);

    /// <summary>The target f(θ), from generated code.</summary>
    static abstract double Target(ReadOnlySpan<double> θ);

    /// <summary>Φ(θ,x) computed by the user's own C# method.</summary>
    static abstract double UserFeature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ);

    /// <summary>f(θ) computed by the user's own C# method.</summary>
    static abstract double UserTarget(ReadOnlySpan<double> θ);
}
