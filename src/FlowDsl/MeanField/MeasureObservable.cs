namespace FlowDsl.MeanField;

/// <summary>
/// A functional Ψ(νⁿ) of the empirical measure <c>νⁿ = (1/n) Σₖ δ_{xₖ}</c> of a configuration (row-major n×d), such as
/// the test functionals of math.md §4.8: <c>⟨φ,μ⟩</c>, moments, the risk 𝓔(μ), the output f_μ(θ*) at a probe.
/// </summary>
/// <param name="Name">A label for reports and plots.</param>
/// <param name="Evaluate">Ψ applied to a configuration.</param>
public sealed record MeasureObservable(string Name, Func<double[], double> Evaluate)
{
    /// <summary><c>⟨φ, νⁿ⟩ = (1/n) Σₖ φ(xₖ)</c>.</summary>
    public static MeasureObservable Integral(string name, int dimension, ParticleFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, x => MeasureObservables.Integrate(x, dimension, function));
    }

    /// <summary>The mean of coordinate i, <c>⟨xᵢ, νⁿ⟩</c>.</summary>
    public static MeasureObservable Mean(int dimension, int coordinate) =>
        new($"mean x[{coordinate}]", x => MeasureObservables.Mean(x, dimension, coordinate));

    /// <summary>The second moment <c>⟨xᵢ xⱼ, νⁿ⟩</c>.</summary>
    public static MeasureObservable SecondMoment(int dimension, int i, int j) =>
        new($"⟨x[{i}]x[{j}]⟩", x => MeasureObservables.SecondMoment(x, dimension, i, j));

    /// <summary>The risk <c>𝓔(νⁿ) = ½ Σⱼ pⱼ (f(θⱼ) − f_ν(θⱼ))²</c> over <paramref name="data"/>.</summary>
    public static MeasureObservable Risk<TModel>(MeanFieldData data) where TModel : IMeanFieldModel =>
        new("risk", x => MeasureObservables.Risk<TModel>(x, data));

    /// <summary>The network output <c>f_ν(θ*) = (1/n) Σₖ Φ(θ*, xₖ)</c> at a probe input θ*.</summary>
    public static MeasureObservable Output<TModel>(double[] probe, string? name = null) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(probe);
        var copy = (double[])probe.Clone();
        return new(name ?? "f(θ*)", x => MeasureObservables.Output<TModel>(x, copy));
    }
}
