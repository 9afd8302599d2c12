using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// A Softplus mean-field unit Φ(θ,x) = Softplus(θ₁x₁ + θ₂x₂) with target f(θ) = sin θ₁ (x, θ ∈ ℝ²), under a law of four
/// unequally weighted atoms: with N = 4 atoms a ladder down to α = 1/16 has 4¹⁶ SGD atom sequences, beyond exact
/// enumeration, so its weak-error study simulates particle SGD by coupled Monte Carlo.
/// </summary>
[MeanFieldModel]
public partial class SoftplusUnit
{
    [FeatureMap]
    public static double Phi([Data, Dim(2)] Vec θ, [Dim(2)] Vec x) => Softplus(Dot(θ, x));

    [Target] public static double F([Data, Dim(2)] Vec θ) => Sin(θ[0]);

    [Law]
    public static Law P => Law.Empirical([[1.0, 0.5], [-0.8, 1.2], [0.4, -1.0], [-1.3, -0.6]], [0.1, 0.2, 0.3, 0.4]);
}
