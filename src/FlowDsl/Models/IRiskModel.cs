namespace FlowDsl;

/// <summary>
/// A model with per-sample risk <c>R(x,θ)</c>. The FlowDsl generator implements this interface on every
/// <see cref="FlowModelAttribute"/> class, so runtime code is generic over the model with no virtual calls:
/// <c>Sgd.Run&lt;Quadratic&gt;(…)</c>.
/// </summary>
/// <remarks>All spans are flat, laid out as <see cref="Layout"/> says: <c>x</c> has length d, <c>θ</c> the data length.</remarks>
public interface IRiskModel
{
    /// <summary>The model's name (the class name).</summary>
    static abstract string Name { get; }

    /// <summary>Where each parameter and data argument sits in the flat spans.</summary>
    static abstract ModelLayout Layout { get; }

    /// <summary>The law <c>P</c> declared with <see cref="LawAttribute"/>, or <c>null</c> when the model declares none.</summary>
    static abstract Law? DefaultLaw { get; }

    /// <summary>Degrees of ∇ₓR as a polynomial in x and in θ (−1: not a polynomial), found symbolically.</summary>
    static abstract GradientStructure Structure { get; }

    /// <summary>R(x,θ), from generated code.</summary>
    static abstract double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ);

    /// <summary>Writes ∇ₓR(x,θ) into <paramref name="gradient"/> (length d) and returns R(x,θ).</summary>
    static abstract double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient);

    /// <summary>Writes the Hessian-vector product ∇²ₓR(x,θ)·v into <paramref name="result"/> (length d).</summary>
    static abstract void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result);

    /// <summary>Writes the mixed product (∂_θ∇ₓR)(x,θ)·u into <paramref name="result"/> (length d); <paramref name="u"/> has the data length.</summary>
    static abstract void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result);

    /// <summary>R(x,θ) computed by the user's own C# method (through <see cref="Vec"/>/<see cref="Mat"/>): the reference for checks.</summary>
    static abstract double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ);
}

/// <summary>
/// The polynomial degrees of the gradient ∇ₓR(x,θ): in the parameters x (1 = affine in x, the §6.1 case of math.md)
/// and in the data θ (1 = affine in θ, where a Gaussian law gives an exact finite noise expansion, math.md §3.4 b1).
/// −1 means "not a polynomial".
/// </summary>
public readonly record struct GradientStructure(int DegreeInParameters, int DegreeInData)
{
    /// <summary>∇ₓR is affine in x.</summary>
    public bool IsAffineInParameters => DegreeInParameters is 0 or 1;
    /// <summary>∇ₓR is affine in θ.</summary>
    public bool IsAffineInData => DegreeInData is 0 or 1;
}
