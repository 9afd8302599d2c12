using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// Linear regression R(x,θ) = ½(a·x − b)² with θ = (a, b), a ~ N(0, I₂), b = a·x* + ε, ε ~ N(0, σ²) (math.md §6.5).
/// Here x* = 0 and σ² = ¼, so (a₁, a₂, b) ~ N(0, diag(1, 1, ¼)). ∇R = a(a·x − b) is affine in x, quadratic in θ.
/// </summary>
[FlowModel]
public partial class LinearRegression
{
    /// <summary>σ², the label-noise variance.</summary>
    public const double NoiseVariance = 0.25;

    [Risk]
    public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec a, [Data] double b) => 0.5 * Square(Dot(a, x) - b);

    [Law] public static Law P => Law.Normal([0.0, 0.0, 0.0], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, NoiseVariance } });
}
