using FlowDsl.Models;
using FlowDsl.Simulation;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// The adaptive Gauss rules of <see cref="MeanRisk{TModel}"/> for a risk that is not polynomial in θ (issue 12):
/// the two-layer tanh regression R = ½(v·tanh(Wu) − y)², u ~ N(0, I₃), y ~ N(0, ¼), against an independent reference.
/// </summary>
public sealed class AdaptiveMeansTests(ITestOutputHelper output)
{
    private static readonly double[] Point = [0.8, -0.5, 0.3, 0.2, 0.6, -0.7, 1.0, -0.8];
    // Small first-layer weights keep the poles of tanh(Wu) far from the real axis, where tensor Gauss–Hermite converges
    // fast enough for 1e-10 with a rule of ~10⁵ nodes (at Point, 1e-10 needs ≳ 4·10⁵; the study itself asks far less).
    private static readonly double[] Small = [0.4, -0.25, 0.15, 0.1, 0.3, -0.35, 1.0, -0.8];
    private static readonly double[] SmallOther = [0.2, 0.45, -0.3, -0.35, 0.15, 0.25, -0.7, 1.2];

    [Fact]
    public void TanhRegressionMeansAgreeWithAnIndependentTwoDimensionalReferenceTo1e10()
    {
        var mean = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-11, 200_000, [Small, SmallOther]));
        Assert.Equal(MeanMethod.AdaptiveQuadrature, mean.Method);
        output.WriteLine(mean.Description);
        var direction = new[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.25, -0.6, 0.7 };
        foreach (var x in new[] { Small, SmallOther })
        {
            var (gradient, hvp, sigma) = Reference.Means(x, direction, 200);
            var (g2, h2, s2) = Reference.Means(x, direction, 150);
            AssertClose(gradient, g2, 1e-13, "reference E∇R (q = 150 vs 200)");
            AssertClose(hvp, h2, 1e-13, "reference E∇²R·v (q = 150 vs 200)");
            AssertClose(sigma, s2, 1e-13, "reference Σ (q = 150 vs 200)");

            var g = new double[8];
            mean.Gradient(x, g);
            output.WriteLine($"errors: E∇R {RelativeError(gradient, g):E2}");
            AssertClose(gradient, g, 1e-10, "E∇R");
            var h = new double[8];
            mean.HessianVectorProduct(x, direction, h);
            output.WriteLine($"errors: E∇²R·v {RelativeError(hvp, h):E2}");
            AssertClose(hvp, h, 1e-10, "E∇²R·v");
            var s = new double[64];
            mean.NoiseKernel(x, x, s);
            output.WriteLine($"errors: Σ(x) {RelativeError(sigma, s):E2}");
            AssertClose(sigma, s, 1e-10, "Σ(x)");
        }
    }

    [Fact]
    public void ALooseToleranceGivesASmallRuleWhoseErrorEstimateIsHonest()
    {
        var loose = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-3, 20_000, [Point]));
        output.WriteLine(loose.Description);
        Assert.True(loose.Adaptive!.Converged);
        Assert.True(loose.Adaptive.ErrorEstimate <= 1e-3);
        output.WriteLine(loose.Description);
        // y enters ∇R affinely and Σ quadratically: 2 Gauss–Hermite points on its axis are exact, so it is never refined.
        Assert.Equal(2, loose.Adaptive.Points[3]);
        var (gradient, _, sigma) = Reference.Means(Point, new double[8], 300);
        var g = new double[8];
        loose.Gradient(Point, g);
        var s = new double[64];
        loose.NoiseKernel(Point, Point, s);
        // The true error is within a small multiple of the estimate (the estimate is the last refinement's change).
        Assert.True(RelativeError(gradient, g) <= 10 * Math.Max(loose.Adaptive.ErrorEstimate, 1e-12), $"gradient error {RelativeError(gradient, g):E2}");
        Assert.True(RelativeError(sigma, s) <= 10 * Math.Max(loose.Adaptive.ErrorEstimate, 1e-12), $"Σ error {RelativeError(sigma, s):E2}");
    }

    [Fact]
    public void WhenEvenTheSmallestTensorRuleIsTooLargeAFixedSampleIsUsedAndSaidSo()
    {
        // 2⁴ = 16 nodes exceed a budget of 8: no tensor rule fits (the same happens for a data dimension of hundreds).
        var mean = new MeanRisk<TwoLayerTanh>(fallbackSampleSize: 500, accuracy: new MeanAccuracy(1e-3, 8));
        Assert.Equal(MeanMethod.FixedSample, mean.Method);
        Assert.Contains("fixed sample of 500", mean.Description);
        Assert.Contains("both see this sample", mean.Description);
    }

    private static double RelativeError(double[] expected, double[] actual)
    {
        var scale = expected.Max(Math.Abs);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / scale;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        var error = RelativeError(expected, actual);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E2} > {tolerance:E0}");
    }

    /// <summary>
    /// An independent reference: u enters only through s = Wu ~ N(0, WWᵀ) and u given s is normal with mean Cs,
    /// C = Wᵀ(WWᵀ)⁻¹, and covariance I − CW; y is integrated in closed form (mean 0, variance ¼). What remains is a
    /// two-dimensional integral over s, done with a Golub–Welsch Gauss–Hermite rule (MathNet eigenvectors, not the
    /// library's rule) and hand-derived derivatives of r = v·tanh(s) − y.
    /// </summary>
    private static class Reference
    {
        public static (double[] Gradient, double[] Hvp, double[] Sigma) Means(double[] x, double[] direction, int q)
        {
            var w = Matrix<double>.Build.Dense(2, 3, (i, j) => x[3 * i + j]);
            double[] v = [x[6], x[7]];
            var dW = Matrix<double>.Build.Dense(2, 3, (i, j) => direction[3 * i + j]);
            double[] dv = [direction[6], direction[7]];
            var c = w.Transpose() * (w * w.Transpose()).Inverse();
            var conditional = Matrix<double>.Build.DenseIdentity(3) - c * w;
            var l = (w * w.Transpose()).Cholesky().Factor;
            var (nodes, weights) = GaussHermite(q);
            var gradient = new double[8];
            var hvp = new double[8];
            var second = new double[64];
            const double labelVariance = TwoLayerTanh.LabelVariance;
            for (var a = 0; a < q; a++)
                for (var b = 0; b < q; b++)
                {
                    var weight = weights[a] * weights[b];
                    var s = l * Vector<double>.Build.Dense([nodes[a], nodes[b]]);
                    var m = c * s;
                    var m2 = m.OuterProduct(m) + conditional;
                    double[] t = [Math.Tanh(s[0]), Math.Tanh(s[1])];
                    double[] cc = [v[0] * (1 - t[0] * t[0]), v[1] * (1 - t[1] * t[1])];
                    var rho = v[0] * t[0] + v[1] * t[1];
                    // ∇r = (cᵢuⱼ, tᵢ); δr = ∇r·V = e·u + f with e = dWᵀc, f = dv·t.
                    var e = dW.Transpose() * Vector<double>.Build.Dense(cc);
                    var f = dv[0] * t[0] + dv[1] * t[1];
                    var m2e = m2 * e;
                    var dWm2 = dW * m2;
                    var dWm = dW * m;
                    for (var i = 0; i < 2; i++)
                    {
                        for (var j = 0; j < 3; j++)
                        {
                            gradient[3 * i + j] += weight * rho * cc[i] * m[j];
                            // ∇r δr + ρ ∇²r·V, W block.
                            hvp[3 * i + j] += weight * (cc[i] * (m2e[j] + m[j] * f)
                                + rho * (dv[i] * (1 - t[i] * t[i]) * m[j] - 2 * v[i] * t[i] * (1 - t[i] * t[i]) * dWm2[i, j]));
                        }
                        gradient[6 + i] += weight * rho * t[i];
                        hvp[6 + i] += weight * (t[i] * (e.DotProduct(m) + f) + rho * (1 - t[i] * t[i]) * dWm[i]);
                    }
                    // E_y[r²] = ρ² + σ²; E[∇R∇Rᵀ] = E[(ρ² + σ²) ∇r∇rᵀ] with the u-moments m, m2.
                    var r2 = rho * rho + labelVariance;
                    for (var p = 0; p < 8; p++)
                        for (var k = 0; k < 8; k++)
                            second[8 * p + k] += weight * r2 * GradProduct(p, k, cc, t, m, m2);
                }
            var sigma = new double[64];
            for (var p = 0; p < 8; p++)
                for (var k = 0; k < 8; k++) sigma[8 * p + k] = second[8 * p + k] - gradient[p] * gradient[k];
            return (gradient, hvp, sigma);
        }

        /// <summary>E[∂ₚr ∂ₖr | s] with ∂_{W_ij} r = cᵢuⱼ and ∂_{vᵢ} r = tᵢ.</summary>
        private static double GradProduct(int p, int k, double[] cc, double[] t, Vector<double> m, Matrix<double> m2)
        {
            var pw = p < 6;
            var kw = k < 6;
            if (pw && kw) return cc[p / 3] * cc[k / 3] * m2[p % 3, k % 3];
            if (pw) return cc[p / 3] * m[p % 3] * t[k - 6];
            if (kw) return cc[k / 3] * m[k % 3] * t[p - 6];
            return t[p - 6] * t[k - 6];
        }

        /// <summary>Golub–Welsch for N(0,1): nodes are the eigenvalues of the Jacobi matrix (off-diagonal √k), weights the squared first eigenvector components.</summary>
        private static (double[] Nodes, double[] Weights) GaussHermite(int q)
        {
            var jacobi = Matrix<double>.Build.Dense(q, q);
            for (var k = 1; k < q; k++) jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k);
            var evd = jacobi.Evd(Symmetricity.Symmetric);
            var nodes = new double[q];
            var weights = new double[q];
            for (var i = 0; i < q; i++)
            {
                nodes[i] = evd.EigenValues[i].Real;
                weights[i] = evd.EigenVectors[0, i] * evd.EigenVectors[0, i];
            }
            return (nodes, weights);
        }
    }
}
