namespace FlowDsl.Tests.Simulation;

// Hand-written IRiskModel implementations of the closed-form test problems of math.md §6, independent of the
// generator: the runtime is tested against these and against closed forms.

/// <summary>§6.2 with d = 1: R = ½(x − θ)², θ ~ N(0, 1).</summary>
internal sealed class HandOu : IRiskModel
{
    public static string Name => "HandOu";
    public static ModelLayout Layout { get; } = new([new TensorBlock("x", 0, 1, 1, BlockKind.Scalar)], [new TensorBlock("θ", 0, 1, 1, BlockKind.Scalar)]);
    public static Law? DefaultLaw => Law.Normal(1);
    public static GradientStructure Structure => new(1, 1);
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 0.5 * (x[0] - θ[0]) * (x[0] - θ[0]);
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> g) { g[0] = x[0] - θ[0]; return Risk(x, θ); }
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> r) => r[0] = v[0];
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> r) => r[0] = -u[0];
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}

/// <summary>§6.3: R = ½(1 + θ)x², θ = ±1 (Rademacher).</summary>
internal class HandMultiplicative : IRiskModel
{
    public static string Name => "HandMultiplicative";
    public static ModelLayout Layout { get; } = new([new TensorBlock("x", 0, 1, 1, BlockKind.Scalar)], [new TensorBlock("θ", 0, 1, 1, BlockKind.Scalar)]);
    public static Law? DefaultLaw => Law.Rademacher();
    public static GradientStructure Structure => new(1, 1);
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 0.5 * (1 + θ[0]) * x[0] * x[0];
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> g) { g[0] = (1 + θ[0]) * x[0]; return Risk(x, θ); }
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> r) => r[0] = (1 + θ[0]) * v[0];
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> r) => r[0] = x[0] * u[0];
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}

/// <summary>§6.3 with Gaussian θ ~ N(0, 1): G = −θx is affine in θ, so SGD and the SMF can share one Brownian path.</summary>
internal sealed class HandMultiplicativeGaussian : IRiskModel
{
    public static string Name => "HandMultiplicativeGaussian";
    public static ModelLayout Layout => HandMultiplicative.Layout;
    public static Law? DefaultLaw => Law.Normal(1);
    public static GradientStructure Structure => new(1, 1);
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => HandMultiplicative.Risk(x, θ);
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> g) => HandMultiplicative.Gradient(x, θ, g);
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> r) => HandMultiplicative.HessianVectorProduct(x, θ, v, r);
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> r) => HandMultiplicative.DataJacobianProduct(x, θ, u, r);
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}

/// <summary>§6.5 with d = 2: R = ½(a·x − b)², θ = (a, b), a ~ N(0, I₂), b = a·x* + ε, x* = 0, ε ~ N(0, σ² = ¼).</summary>
internal sealed class HandLinearRegression : IRiskModel
{
    public const double NoiseVariance = 0.25;
    public static string Name => "HandLinearRegression";
    public static ModelLayout Layout { get; } = new([new TensorBlock("x", 0, 2, 1, BlockKind.Vector)],
        [new TensorBlock("a", 0, 2, 1, BlockKind.Vector), new TensorBlock("b", 2, 1, 1, BlockKind.Scalar)]);
    public static Law? DefaultLaw => Law.Normal([0, 0, 0], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, NoiseVariance } });
    public static GradientStructure Structure => new(1, 2);
    private static double Residual(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => θ[0] * x[0] + θ[1] * x[1] - θ[2];
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => 0.5 * Residual(x, θ) * Residual(x, θ);
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> g)
    {
        var r = Residual(x, θ);
        g[0] = θ[0] * r;
        g[1] = θ[1] * r;
        return 0.5 * r * r;
    }
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> r)
    {
        var av = θ[0] * v[0] + θ[1] * v[1];
        r[0] = θ[0] * av;
        r[1] = θ[1] * av;
    }
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> r)
    {
        // ∂/∂a_k [a_i(a·x − b)] = δ_ik(a·x − b) + a_i x_k,  ∂/∂b = −a_i.
        var res = Residual(x, θ);
        var xu = x[0] * u[0] + x[1] * u[1];
        r[0] = u[0] * res + θ[0] * xu - θ[0] * u[2];
        r[1] = u[1] * res + θ[1] * xu - θ[1] * u[2];
    }
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}

/// <summary>§6.6: R = ½(x − γ)ᵀH(x − γ) − ½ tr H, H = diag(1, 2), γ ~ N(0, I₂).</summary>
internal sealed class HandLteQuadratic : IRiskModel
{
    private static readonly double[] H = [1, 2];
    public static string Name => "HandLteQuadratic";
    public static ModelLayout Layout { get; } = new([new TensorBlock("x", 0, 2, 1, BlockKind.Vector)], [new TensorBlock("γ", 0, 2, 1, BlockKind.Vector)]);
    public static Law? DefaultLaw => Law.Normal(2);
    public static GradientStructure Structure => new(1, 1);
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) =>
        0.5 * (H[0] * (x[0] - θ[0]) * (x[0] - θ[0]) + H[1] * (x[1] - θ[1]) * (x[1] - θ[1])) - 0.5 * (H[0] + H[1]);
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> g)
    {
        g[0] = H[0] * (x[0] - θ[0]);
        g[1] = H[1] * (x[1] - θ[1]);
        return Risk(x, θ);
    }
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> r)
    {
        r[0] = H[0] * v[0];
        r[1] = H[1] * v[1];
    }
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> r)
    {
        r[0] = -H[0] * u[0];
        r[1] = -H[1] * u[1];
    }
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
}
