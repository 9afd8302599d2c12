using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>The nonlinear unit of math.md §4.5: Φ(θ,x) = tanh(θ·x) + 0.3 x₁θ₂x₂, target f(θ) = sin θ₁ − ½ θ₂ (x, θ ∈ ℝ²).</summary>
[MeanFieldModel]
public partial class TanhUnit
{
    [FeatureMap]
    public static double Phi([Data, Dim(2)] Vec θ, [Dim(2)] Vec x) => Tanh(Dot(θ, x)) + 0.3 * x[0] * θ[1] * x[1];

    [Target] public static double F([Data, Dim(2)] Vec θ) => Sin(θ[0]) - 0.5 * θ[1];
}
