namespace FlowDsl.Tests.Exact;

/// <summary>R = 1 − cos(x − θ) (§6.8): not affine in x, so the exact engine must refuse it.</summary>
internal sealed class CosineModel : IRiskModel
{
    public static string Name => nameof(CosineModel);

    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("x", 0, 1, 1, BlockKind.Scalar)], [new TensorBlock("θ", 0, 1, 1, BlockKind.Scalar)]);

    public static Law? DefaultLaw => Law.Rademacher(0.5);

    public static GradientStructure Structure => new(-1, -1);

    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 1 - Math.Cos(x[0] - θ[0]);

    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        gradient[0] = Math.Sin(x[0] - θ[0]);
        return Risk(x, θ);
    }

    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result) =>
        result[0] = Math.Cos(x[0] - θ[0]) * v[0];

    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result) =>
        result[0] = -Math.Cos(x[0] - θ[0]) * u[0];

    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}
