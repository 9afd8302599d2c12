namespace FlowDsl.Exact;

/// <summary>
/// The moments of θ in the multiplicative problem of math.md §6.3 (R = ½(1+θ)x², E θ = 0): s² = E θ², μ₃ = E θ³ and E θ⁴.
/// </summary>
/// <param name="S2">s² = E θ².</param>
/// <param name="Mu3">μ₃ = E θ³.</param>
/// <param name="Fourth">E θ⁴.</param>
public sealed record MultiplicativeNoise(double S2, double Mu3, double Fourth)
{
    /// <summary>θ ~ N(0, s²): μ₃ = 0, E θ⁴ = 3s⁴.</summary>
    public static MultiplicativeNoise Gaussian(double s2) => new(s2, 0.0, 3.0 * s2 * s2);

    /// <summary>θ = ±1 with probability ½: s² = 1, μ₃ = 0, E θ⁴ = 1.</summary>
    public static MultiplicativeNoise Rademacher() => new(1.0, 0.0, 1.0);
}
