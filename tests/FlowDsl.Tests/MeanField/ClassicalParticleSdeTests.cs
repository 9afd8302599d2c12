using FlowDsl.Models.ByHand;
using FlowDsl.MeanField;

namespace FlowDsl.Tests.MeanField;

/// <summary>M1: its dn×dn covariance is the two-point kernel Σ(xₖ,xₗ;νⁿ), and on the linear unit its mean solves SME-1.</summary>
public sealed class ClassicalParticleSdeTests
{
    [Fact]
    public void CovarianceBlocksAreTheTwoPointKernel()
    {
        // Σ(xₖ,xₗ) = Σⱼ pⱼ G(xₖ,θⱼ) G(xₗ,θⱼ)ᵀ with G(x,θ) = V(x,ν,θ) − V(x,ν), formed from the definitions.
        const int n = 3, d = 2;
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(n);
        var m1 = new ClassicalParticleSde<TanhUnitByHand>(data, n, 0.1);
        var sigma = m1.Covariance(x);
        var g = new double[d];
        double[] Noise(int k, int j)
        {
            var mean = MeanFieldReference.Field<TanhUnitByHand>(data, x, x.AsSpan(k * d, d));
            var r = data.Targets[j] - MeanFieldReference.Output<TanhUnitByHand>(x, d, data.Atom(j));
            TanhUnitByHand.FeatureGradient(x.AsSpan(k * d, d), data.Atom(j), g);
            return [r * g[0] - mean[0], r * g[1] - mean[1]];
        }
        for (var k = 0; k < n; k++)
            for (var l = 0; l < n; l++)
                for (var a = 0; a < d; a++)
                    for (var b = 0; b < d; b++)
                    {
                        var expected = Enumerable.Range(0, data.Count).Sum(j => data.Weights[j] * Noise(k, j)[a] * Noise(l, j)[b]);
                        Assert.Equal(expected, sigma[k * d + a, l * d + b], 1e-14);
                    }
    }

    [Fact]
    public void LinearUnitMeanMatchesTheSme1SecondMoment()
    {
        // Same generator as M2 (§4.4), so E|m_T − x*|² is the SME-1 row of §6.5 (golden 0.424711362900535 at α = 1/8).
        const double alpha = 1.0 / 8, sigma2 = 0.25;
        var data = MeanFieldTestData.LinearUnitLaw(Math.Sqrt(sigma2));
        double[] x = [1.3, 0.8, 1.3, 0.8];
        var lambda = -2 + 3 * alpha;
        var exact = Math.Exp(lambda) * 2 + alpha * 2 * sigma2 * (Math.Exp(lambda) - 1) / lambda;
        Assert.Equal(0.424711362900535, exact, 1e-14);
        var distance = new MeasureObservable("|m − x*|²", y =>
            Math.Pow(0.5 * (y[0] + y[2]) - LinearUnitByHand.Teacher[0], 2) + Math.Pow(0.5 * (y[1] + y[3]) - LinearUnitByHand.Teacher[1], 2));
        var values = MeanFieldSimulation.RunEnsemble(() => new ClassicalParticleSde<LinearUnitByHand>(data, 2, alpha), x, 4000, 1.0, [distance], seed: 31, threads: 2);
        var samples = Enumerable.Range(0, 4000).Select(p => values[p, 0]).ToArray();
        var mean = samples.Average();
        var se = Math.Sqrt(samples.Sum(v => (v - mean) * (v - mean)) / (samples.Length - 1) / samples.Length);
        Assert.True(Math.Abs(mean - exact) < 4.5 * se, $"M1: E|m_T − x*|² = {mean:F5} ± {se:F5}, SME-1 {exact:F5}");
    }
}
