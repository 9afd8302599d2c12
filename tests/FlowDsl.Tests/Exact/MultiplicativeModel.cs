namespace FlowDsl.Tests.Exact;

/// <summary>R = ½(1+θ)x², θ = ±1 by default (math.md §6.3).</summary>
internal sealed class MultiplicativeModel : IRiskModel
{
    public static string Name => nameof(MultiplicativeModel);

    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("x", 0, 1, 1, BlockKind.Scalar)], [new TensorBlock("θ", 0, 1, 1, BlockKind.Scalar)]);

    public static Law? DefaultLaw => Law.Rademacher();

    public static GradientStructure Structure => new(1, 1);

    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 0.5 * (1 + θ[0]) * x[0] * x[0];

    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        gradient[0] = (1 + θ[0]) * x[0];
        return Risk(x, θ);
    }

    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result) =>
        result[0] = (1 + θ[0]) * v[0];

    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result) =>
        result[0] = x[0] * u[0];

    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}
