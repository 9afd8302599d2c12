using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// Linear regression, R(x,θ) = ½(a·x − b)² with θ = (a, b) (math.md §6.5, d = 2): a ~ N(0, I₂), b = a·x* + ε with
/// x* = 0 and ε ~ N(0, σ²), σ² = ¼. Σ(x) = |y|²I + yyᵀ + σ²I with y = x − x*.
/// </summary>
[FlowModel(LaneSteps = true)]
public partial class LinearRegression
{
    /// <summary>σ², the variance of the label noise ε.</summary>
    public const double NoiseVariance = 0.25;

    [Risk] public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec a, [Data] double b) => 0.5 * Square(Dot(a, x) - b);

    [Law] public static Law P => Law.Normal([0.0, 0.0, 0.0], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, NoiseVariance } });
}
