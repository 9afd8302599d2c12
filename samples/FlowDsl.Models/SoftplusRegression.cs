using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// Ridge-regularised logistic regression in Softplus form, R(x,θ) = Softplus(−b(w·a + c)) + (λ/2)(|w|² + c²) with
/// x = (w, c), w ∈ ℝ² (d = 3), data θ = (a, b), a ∈ ℝ², label b ∈ {−1, 1}. The law is the empirical law of a data set
/// read with <c>Law.EmpiricalFromFile</c> (the study sample ships a 1,000-row CSV; issue 12, study ii).
/// </summary>
[FlowModel]
public partial class SoftplusRegression
{
    /// <summary>λ, the ridge weight (keeps the risk strongly convex, so the flows settle).</summary>
    public const double Ridge = 0.1;

    [Risk]
    public static double R([Dim(2)] Vec w, double c, [Data, Dim(2)] Vec a, [Data] double b) =>
        Softplus(-b * (Dot(w, a) + c)) + 0.5 * Ridge * (SquaredNorm(w) + c * c);
}
