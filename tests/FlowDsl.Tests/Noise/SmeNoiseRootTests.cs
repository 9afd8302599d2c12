using FlowDsl.Models;
using FlowDsl.Noise;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.Noise;

/// <summary>
/// The SME noise Σ(x)^{1/2}dW with the root kept once when Σ does not depend on x: the same bits as forming Σ(x) and its
/// Jacobi root at every x (the path it replaces), and the closed forms Σ = Cov θ = I for ½|x − θ|² and Σ^{1/2} = |x| for ½(1+θ)x².
/// </summary>
public sealed class SmeNoiseRootTests
{
    private static readonly double[][] Points = [[0.3, -1.2, 2.5], [1e3, 4.0, -7.5], [-0.01, 0.0, 1e-8]];

    [Fact]
    public void A_constant_kernel_gives_the_per_step_root_bit_for_bit_and_the_identity_for_the_quadratic_risk()
    {
        var mean = new MeanRisk<Quadratic>();
        var noise = new SmeNoise<Quadratic>(mean, 0.25);
        var dW = new[] { 0.7, -1.1, 0.4 };
        foreach (var x in Points)
        {
            var result = new double[3];
            noise.Apply(x, dW, result);
            Assert.Equal(PerStep(mean, x, dW, 0.25), result);
            for (var i = 0; i < 3; i++) Assert.Equal(0.25 * dW[i], result[i], 15); // Σ = Cov θ = I
        }
    }

    [Fact]
    public void A_kernel_that_depends_on_x_is_formed_at_every_point()
    {
        var mean = new MeanRisk<MultiplicativeGaussian>();
        var noise = new SmeNoise<MultiplicativeGaussian>(mean, 0.5);
        foreach (var x in new[] { 0.3, -2.0, 17.0 })
        {
            var result = new double[1];
            noise.Apply([x], [1.3], result);
            Assert.Equal(PerStep(mean, [x], [1.3], 0.5), result);
            Assert.Equal(0.5 * Math.Abs(x) * 1.3, result[0], 14); // Σ(x) = x² Var θ
        }
    }

    /// <summary>scale·Σ(x)^{1/2}dW from the kernel and its Jacobi root, as every step did before the root was kept.</summary>
    private static double[] PerStep<TModel>(MeanRisk<TModel> mean, double[] x, double[] dW, double scale) where TModel : IRiskModel
    {
        var d = x.Length;
        var sigma = new double[d * d];
        var root = new double[d * d];
        mean.NoiseKernel(x, x, sigma);
        SymmetricEigen.SquareRoot(sigma, d, root, new double[2 * d * d + d]);
        var result = new double[d];
        for (var i = 0; i < d; i++)
        {
            double sum = 0;
            for (var j = 0; j < d; j++) sum += root[i * d + j] * dW[j];
            result[i] = scale * sum;
        }
        return result;
    }
}
