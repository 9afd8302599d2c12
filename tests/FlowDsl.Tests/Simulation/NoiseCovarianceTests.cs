using FlowDsl.Models;
using FlowDsl.Noise;
using FlowDsl.Random;
using FlowDsl.Simulation;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// The noise generators reproduce the two-point kernel (math.md §7.5): Cov(ΔI(x), ΔI(y)) = hΣ(x,y), including the
/// cross-covariance between different points (the n-point property), against closed-form Σ(x,y).
/// </summary>
public sealed class NoiseCovarianceTests(ITestOutputHelper output)
{
    private const int Samples = 40_000;
    private const double H = 0.01;

    /// <summary>Samples ΔI(x), ΔI(y) with shared randomness and checks every entry of E[ΔI(x)ΔI(y)ᵀ] and E[ΔI(x)ΔI(x)ᵀ].</summary>
    private void Check(NoiseField noise, double[] x, double[] y, double[,] kernelXY, double[,] kernelXX, string what)
    {
        var d = x.Length;
        var a = new double[d];
        var b = new double[d];
        var dW = new double[noise.Rank];
        var cross = new double[Samples, d * d];
        var same = new double[Samples, d * d];
        for (var s = 0; s < Samples; s++)
        {
            var rng = new CounterRng(99, (uint)s, 0, 0);
            for (var j = 0; j < dW.Length; j++) dW[j] = Math.Sqrt(H) * rng.NextNormal();
            noise.BeginStep((uint)s, 0, 0);
            noise.Apply(x, dW, a);
            noise.Apply(y, dW, b);
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++)
                {
                    cross[s, i * d + j] = a[i] * b[j];
                    same[s, i * d + j] = a[i] * a[j];
                }
        }
        for (var k = 0; k < d * d; k++)
        {
            Entry(cross, k, H * kernelXY[k / d, k % d], $"{what} cross ({k / d},{k % d})");
            Entry(same, k, H * kernelXX[k / d, k % d], $"{what} same ({k / d},{k % d})");
        }
    }

    private void Entry(double[,] values, int k, double exact, string what)
    {
        var column = Enumerable.Range(0, Samples).Select(s => values[s, k]).ToArray();
        // Bonferroni-style: many entries are checked, so |z| < 4.5 per entry.
        MonteCarlo.AssertUnbiased(column, exact, what, output, extraTolerance: 1e-15);
    }

    /// <summary>§6.4 linear regression: Σ(x,x') = (y·y')I + y'yᵀ + σ²I with y = x − x* (x* = 0).</summary>
    private static double[,] RegressionKernel(double[] y, double[] y2, double sigma2)
    {
        var k = new double[2, 2];
        var dot = y[0] * y2[0] + y[1] * y2[1];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++) k[i, j] = (i == j ? dot + sigma2 : 0) + y2[i] * y[j];
        return k;
    }

    [Fact]
    public void AtomNoiseOfARademacherLawReproducesTheKernel()
    {
        // G(x,θ) = −θx with θ = ±1: Σ(x,y) = xy.
        var mean = new MeanRisk<Multiplicative>();
        var support = Law.Rademacher().Support;
        var noise = new SmfAtomNoise<Multiplicative>(mean, support, 1.0, "atoms");
        Check(noise, [0.8], [-1.3], new[,] { { 0.8 * -1.3 } }, new[,] { { 0.64 } }, "atoms");
    }

    [Fact]
    public void AffineNoiseReproducesTheKernel()
    {
        var mean = new MeanRisk<MultiplicativeGaussian>();
        Assert.Equal(MeanMethod.AffineInData, mean.Method);
        Check(new SmfAffineNoise<MultiplicativeGaussian>(mean, 1.0), [0.8], [-1.3], new[,] { { 0.8 * -1.3 } }, new[,] { { 0.64 } }, "affine");
    }

    [Fact]
    public void QuadratureAtomNoiseReproducesTheRegressionKernel()
    {
        var mean = new MeanRisk<LinearRegression>();
        Assert.Equal(MeanMethod.ExactQuadrature, mean.Method);
        var noise = new SmfAtomNoise<LinearRegression>(mean, mean.KernelNodes!, 1.0, "nodes");
        double[] x = [0.7, -0.4], y = [-0.5, 0.9];
        Check(noise, x, y, RegressionKernel(x, y, LinearRegression.NoiseVariance), RegressionKernel(x, x, LinearRegression.NoiseVariance), "quadrature atoms");
    }

    [Fact]
    public void MonteCarloFeatureNoiseReproducesTheRegressionKernel()
    {
        var mean = new MeanRisk<LinearRegression>();
        var noise = new SmfFeatureNoise<LinearRegression>(mean, 1.0, features: 3, seed: 5);
        double[] x = [0.7, -0.4], y = [-0.5, 0.9];
        Check(noise, x, y, RegressionKernel(x, y, LinearRegression.NoiseVariance), RegressionKernel(x, x, LinearRegression.NoiseVariance), "features");
    }

    [Fact]
    public void SharedBrownianSmeNoiseHasTheProductOfRootsAsCrossCovariance()
    {
        // Σ^{1/2}(x)Σ^{1/2}(y) = |x||y| ≠ Σ(x,y) = xy when xy < 0 (math.md §3.3).
        var mean = new MeanRisk<Multiplicative>();
        Check(new SmeNoise<Multiplicative>(mean, 1.0), [0.8], [-1.3], new[,] { { 0.8 * 1.3 } }, new[,] { { 0.64 } }, "SME root");
    }

    [Fact]
    public void MeanRiskIsExactForTheClosedForms()
    {
        var mean = new MeanRisk<LinearRegression>();
        Assert.True(mean.IsExact);
        double[] x = [0.7, -0.4], y = [-0.5, 0.9];
        var g = new double[2];
        mean.Gradient(x, g);
        Assert.Equal(x[0], g[0], 12); // ∇R(x) = y = x − x*
        Assert.Equal(x[1], g[1], 12);
        var hv = new double[2];
        mean.HessianVectorProduct(x, [1.0, 2.0], hv);
        Assert.Equal(1.0, hv[0], 12);  // ∇²R = E aaᵀ = I
        Assert.Equal(2.0, hv[1], 12);
        var kernel = new double[4];
        mean.NoiseKernel(x, y, kernel);
        var expected = RegressionKernel(x, y, LinearRegression.NoiseVariance);
        for (var k = 0; k < 4; k++) Assert.Equal(expected[k / 2, k % 2], kernel[k], 12);
    }
}
