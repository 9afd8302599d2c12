using FlowDsl.Models;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// The per-node path of the SME simulation (one model call per node, shared by the drift and Σ(x) at the same point) must
/// give the numbers of <see cref="MeanRisk{TModel}"/>'s own evaluation: ∇R bit for bit, Σ(x) up to rounding.
/// </summary>
public sealed class NodeGradientCacheTests
{
    [Fact]
    public void TheCachedGradientAndKernelAreThoseOfMeanRisk()
    {
        var mean = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-1, 64));
        Assert.True(mean.HasNodePath);
        var cache = NodeGradientCache<TwoLayerTanh>.For(mean)!;
        double[][] points = [[0.8, -0.5, 0.3, 0.2, 0.6, -0.7, 1.0, -0.8], [0.1, 0.9, -1.3, 0.4, 0.0, 0.25, -0.6, 1.7]];
        const int d = 8;
        foreach (var x in points.Concat(points)) // the second round hits and misses the cache alternately
        {
            var expected = new double[d];
            mean.Gradient(x, expected);
            var gradient = new double[d];
            cache.Gradient(x, gradient);
            Assert.Equal(expected, gradient);

            var sigma = new double[d * d];
            mean.NoiseKernel(x, x, sigma);
            var kernel = new double[d * d];
            cache.Kernel(x, kernel);
            var scale = sigma.Max(Math.Abs);
            for (var k = 0; k < sigma.Length; k++)
                Assert.True(Math.Abs(kernel[k] - sigma[k]) <= 1e-13 * scale, $"Σ[{k / d},{k % d}]: {kernel[k]} vs {sigma[k]}");
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) Assert.Equal(kernel[i * d + j], kernel[j * d + i]);
        }
    }

    [Fact]
    public void ModelsWithAnAffineShortcutDoNotUseIt()
    {
        Assert.False(new MeanRisk<LinearRegression>().HasNodePath); // ∇R affine in θ: exact closed form, no node sums
        Assert.Null(NodeGradientCache<Quadratic>.For(new MeanRisk<Quadratic>()));
    }
}
