using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// A two-layer tanh regression, R(x,θ) = ½(v·tanh(W u) − y)² with x = (W, v), W 2×3, v ∈ ℝ² (d = 8) and data θ = (u, y),
/// u ~ N(0, I₃), y ~ N(0, ¼) independent. ∇ₓR is not a polynomial in u, so no finite rule gives its means exactly:
/// the study computes them with adaptive Gauss rules to a stated accuracy (issue 12, study i).
/// </summary>
[FlowModel]
public partial class TwoLayerTanh
{
    /// <summary>Var y.</summary>
    public const double LabelVariance = 0.25;

    [Risk]
    public static double R([Dim(2, 3)] Mat W, [Dim(2)] Vec v, [Data, Dim(3)] Vec u, [Data] double y) =>
        0.5 * Square(Dot(v, Tanh(W * u)) - y);

    [Law]
    public static Law P => Law.Normal([0.0, 0.0, 0.0, 0.0],
        new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, LabelVariance } });
}
