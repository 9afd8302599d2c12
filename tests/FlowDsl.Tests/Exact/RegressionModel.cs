namespace FlowDsl.Tests.Exact;

/// <summary>
/// A hand-written <see cref="IRiskModel"/> (standing in for generated code) with a gradient affine in x:
/// linear regression R = ½(a·x − b)² with θ = (a₁, a₂, b) (math.md §6.5).
/// </summary>
internal sealed class RegressionModel : IRiskModel
{
    public static string Name => nameof(RegressionModel);

    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("x", 0, 2, 1, BlockKind.Vector)],
        [new TensorBlock("a", 0, 2, 1, BlockKind.Vector), new TensorBlock("b", 2, 1, 1, BlockKind.Scalar)]);

    public static Law? DefaultLaw => null;

    public static GradientStructure Structure => new(1, 2);

    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 0.5 * Residual(x, θ) * Residual(x, θ);

    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        var r = Residual(x, θ);
        gradient[0] = θ[0] * r;
        gradient[1] = θ[1] * r;
        return 0.5 * r * r;
    }

    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result)
    {
        var av = θ[0] * v[0] + θ[1] * v[1];
        result[0] = θ[0] * av;
        result[1] = θ[1] * av;
    }

    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result)
    {
        var r = Residual(x, θ);
        var xu = x[0] * u[0] + x[1] * u[1];
        for (var i = 0; i < 2; i++) result[i] = u[i] * r + θ[i] * xu - θ[i] * u[2];
    }

    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);

    private static double Residual(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => θ[0] * x[0] + θ[1] * x[1] - θ[2];
}
