using FlowDsl.Models;

namespace FlowDsl.Tests.Means;

/// <summary>
/// Σ(x) = Σ(x,x) for d = 2 is summed in registers (MeanRisk.TwoDimensionalRuleKernel / TwoDimensionalAffineKernel): bit for bit the sums of the
/// general path, entry (i,j) = Σₙ (wₙ·Gᵢ)·Gⱼ in node order from 0 (math.md §2.1).
/// </summary>
public sealed class TwoDimensionalNoiseKernelTests
{
    private static readonly double[][] Points = [[0.7, -0.4], [-1.3, 2.9], [0.0, 0.0], [1e-9, -3e7], [-0.0, 5.5]];

    [Fact]
    public void RuleKernelOfRegressionHasTheBitsOfTheNodeSum()
    {
        var mean = new MeanRisk<LinearRegression>();
        Assert.Equal(MeanMethod.ExactQuadrature, mean.Method);
        var rule = mean.KernelNodes!;
        foreach (var x in Points)
        {
            var kernel = new double[4];
            mean.NoiseKernel(x, x, kernel);
            AssertBits(NodeByNodeSum(mean, x).Kernel, kernel);
        }
    }

    /// <summary>
    /// The general path's sums over the rule, written out independently: G = ∇R(x) − ∇ₓR(x,θₙ), kernel += (wₙ·Gᵢ)·Gⱼ entrywise in
    /// node order from 0; and the trace Σₙ wₙ|G|².
    /// </summary>
    internal static (double[] Kernel, double Trace) NodeByNodeSum<TModel>(MeanRisk<TModel> mean, double[] x) where TModel : IRiskModel
    {
        var rule = mean.KernelNodes!;
        var meanGradient = new double[2];
        mean.Gradient(x, meanGradient);
        var kernel = new double[4];
        var g = new double[2];
        double trace = 0;
        for (var n = 0; n < rule.Count; n++)
        {
            TModel.Gradient(x, rule.Nodes[n], g);
            for (var i = 0; i < 2; i++) g[i] = meanGradient[i] - g[i];
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 2; j++) kernel[i * 2 + j] += rule.Weights[n] * g[i] * g[j];
            trace += rule.Weights[n] * (g[0] * g[0] + g[1] * g[1]);
        }
        return (kernel, trace);
    }

    [Fact]
    public void AffineKernelInOneDimensionKeepsTheBitsOfTheTwoPointPath()
    {
        var mean = new MeanRisk<MultiplicativeGaussian>();
        Assert.Equal(MeanMethod.AffineInData, mean.Method);
        foreach (var point in Points) CompareWithTwoPointPath(mean, [point[1]]);
    }

    [Fact]
    public void AffineKernelInTwoDimensionsHasTheBitsOfTheTwoPointPath()
    {
        var mean = new MeanRisk<LteQuadratic>();
        Assert.Equal(MeanMethod.AffineInData, mean.Method);
        foreach (var point in Points) CompareWithTwoPointPath(mean, point);
    }

    // Σ(x,y) at y = a copy of x takes the general path (one product per side, AddOuter), the same sums as Σ(x) = Σ(x,x).
    private static void CompareWithTwoPointPath<TModel>(MeanRisk<TModel> mean, double[] x) where TModel : IRiskModel
    {
        var d = x.Length;
        var fast = new double[d * d];
        var general = new double[d * d];
        mean.NoiseKernel(x, x, fast);
        mean.NoiseKernel(x, (double[])x.Clone(), general);
        AssertBits(general, fast);
    }

    private static void AssertBits(double[] expected, double[] actual)
    {
        for (var k = 0; k < expected.Length; k++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(actual[k]));
    }
}
