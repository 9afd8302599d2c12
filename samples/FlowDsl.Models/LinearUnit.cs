using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// The linear unit of math.md §4.9: Φ(θ,x) = a·x with θ = (a, ε), target f(θ) = a·x* + ε with x* = (0.3, −0.2);
/// a ~ N(0, I₂), ε ~ N(0, ¼). The particle mean then performs SGD on linear regression (§6.5).
/// </summary>
[MeanFieldModel]
public partial class LinearUnit
{
    [FeatureMap]
    public static double Phi([Data, Dim(2)] Vec a, [Data] double ε, [Dim(2)] Vec x) => Dot(a, x);

    [Target] public static double F([Data, Dim(2)] Vec a, [Data] double ε) => 0.3 * a[0] - 0.2 * a[1] + ε;
}
