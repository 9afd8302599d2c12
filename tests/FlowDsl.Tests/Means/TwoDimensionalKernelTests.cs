using static FlowDsl.Ops;

namespace FlowDsl.Tests.Means;

/// <summary>R = ½(a·x − b)² + ¼c|x|² with x ∈ ℝ², θ = (a, b, c) correlated normal: an exact quadrature of 81 nodes (more than one batch of the d = 2 kernel).</summary>
[FlowModel]
public partial class LabelScaledRegression
{
    [Risk] public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec a, [Data] double b, [Data] double c) => 0.5 * Square(Dot(a, x) - b) + 0.25 * c * Dot(x, x);

    [Law]
    public static Law P => Law.Normal([0.2, -0.4, 0.1, 1.0], new double[,]
    {
        { 1.0, 0.3, 0.1, 0.0 }, { 0.3, 0.8, 0.0, 0.1 }, { 0.1, 0.0, 0.5, -0.1 }, { 0.0, 0.1, -0.1, 0.3 },
    });
}

/// <summary>
/// Σ(x) = Σₙ wₙ GₙGₙᵀ of a d = 2 model over a rule (<see cref="MeanRisk{TModel}.NoiseKernel"/>, batched model calls and register
/// sums) against the plain loop it replaces — one model call per node, G = ∇R(x) − ∇R(x,θₙ), entries (wₙGᵢ)Gⱼ added in node
/// order — bit for bit, and against a Monte Carlo-free check: Σ is symmetric positive semidefinite with trace E|G|².
/// </summary>
public sealed class TwoDimensionalKernelTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.5, 0.4)]
    [InlineData(1e-8, 3e5)]
    public void The_d2_kernel_has_the_bits_of_the_node_by_node_sum(double x0, double x1)
    {
        var mean = new MeanRisk<LabelScaledRegression>();
        Assert.Equal(MeanMethod.ExactQuadrature, mean.Method);
        Assert.True(mean.KernelNodes!.Count > 64, $"{mean.KernelNodes.Count} nodes");
        double[] x = [x0, x1];
        var kernel = new double[4];
        mean.NoiseKernel(x, x, kernel);

        var (expected, trace) = TwoDimensionalNoiseKernelTests.NodeByNodeSum(mean, x);
        for (var k = 0; k < 4; k++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(kernel[k]));
        Assert.Equal(kernel[1], kernel[2], 1e-14 * trace); // (wG₀)G₁ and (wG₁)G₀ round differently
        Assert.True(kernel[0] * kernel[3] - kernel[1] * kernel[2] >= -1e-12 * trace * trace);
        Assert.Equal(trace, kernel[0] + kernel[3], 1e-12 * trace);
    }
}
