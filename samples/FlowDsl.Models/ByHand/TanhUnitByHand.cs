namespace FlowDsl.Models.ByHand;

/// <summary>
/// The nonlinear unit of math.md §4.5 with derivatives written by hand (a reference implementation of
/// <see cref="IMeanFieldModel"/>, independent of the generator): Φ(θ,x) = tanh(θ·x) + 0.3 x₁θ₂x₂ with x, θ ∈ ℝ², and the
/// target f(θ) = sin θ₁ − 0.5 θ₂.
/// </summary>
public sealed class TanhUnitByHand : IMeanFieldModel
{
    public static string Name => nameof(TanhUnitByHand);

    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("x", 0, 2, 1, BlockKind.Vector)],
        [new TensorBlock("θ", 0, 2, 1, BlockKind.Vector)]);

    public static Law? DefaultLaw => null;

    public static double Feature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) =>
        Math.Tanh(θ[0] * x[0] + θ[1] * x[1]) + 0.3 * x[0] * θ[1] * x[1];

    // ∇Φ = sech²(u) θ + 0.3 θ₂ (x₂, x₁), u = θ·x
    public static double FeatureGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        var t = Math.Tanh(θ[0] * x[0] + θ[1] * x[1]);
        var s = 1 - t * t;
        gradient[0] = s * θ[0] + 0.3 * θ[1] * x[1];
        gradient[1] = s * θ[1] + 0.3 * θ[1] * x[0];
        return t + 0.3 * x[0] * θ[1] * x[1];
    }

    // ∇²Φ = −2 tanh(u) sech²(u) θθᵀ + 0.3 θ₂ [[0,1],[1,0]]
    public static void FeatureHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result)
    {
        var t = Math.Tanh(θ[0] * x[0] + θ[1] * x[1]);
        var c = -2 * t * (1 - t * t) * (θ[0] * v[0] + θ[1] * v[1]);
        result[0] = c * θ[0] + 0.3 * θ[1] * v[1];
        result[1] = c * θ[1] + 0.3 * θ[1] * v[0];
    }

    public static double Target(ReadOnlySpan<double> θ) => Math.Sin(θ[0]) - 0.5 * θ[1];

    public static double UserFeature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Feature(x, θ);

    public static double UserTarget(ReadOnlySpan<double> θ) => Target(θ);
}
