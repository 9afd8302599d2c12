namespace FlowDsl.Models.ByHand;

/// <summary>
/// The linear unit of math.md §4.9 written by hand (independent of the generator) against <see cref="IMeanFieldModel"/>: Φ(θ,x) = a·x with
/// x ∈ ℝ², θ = (a₁, a₂, ε), target f(θ) = a·x* + ε.
/// </summary>
public sealed class LinearUnitByHand : IMeanFieldModel
{
    /// <summary>The teacher x* of the target.</summary>
    public static readonly double[] Teacher = [0.3, -0.2];

    public static string Name => nameof(LinearUnitByHand);

    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("x", 0, 2, 1, BlockKind.Vector)],
        [new TensorBlock("a", 0, 2, 1, BlockKind.Vector), new TensorBlock("ε", 2, 1, 1, BlockKind.Scalar)]);

    public static Law? DefaultLaw => null;

    public static double Feature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => θ[0] * x[0] + θ[1] * x[1];

    public static double FeatureGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        gradient[0] = θ[0];
        gradient[1] = θ[1];
        return Feature(x, θ);
    }

    public static void FeatureHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result) =>
        result.Clear();

    public static double Target(ReadOnlySpan<double> θ) => θ[0] * Teacher[0] + θ[1] * Teacher[1] + θ[2];

    public static double UserFeature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Feature(x, θ);

    public static double UserTarget(ReadOnlySpan<double> θ) => Target(θ);
}
