using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;
using FlowDsl.Random;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The pieces of coupled Monte Carlo SGD: the atom coupling draws J ~ p exactly and correlates SGD's noise with the
/// Gaussian one as the closed form says; the mean-path control variate has mean zero and is the linear response of Ψ;
/// Gaussian SGD has SGD's one-step mean and covariance.
/// </summary>
public sealed class CoupledSgdTests(ITestOutputHelper output)
{
    [Fact]
    public void AtomCouplingDrawsEveryAtomWithItsWeight()
    {
        // Five atoms (an unbalanced tree) and a zero weight that must never be drawn.
        double[] p = [0.05, 0.3, 0.0, 0.25, 0.4];
        var data = MeanFieldData.FromAtoms<TanhUnitByHand>([.. Enumerable.Range(0, 10).Select(i => 0.1 * i)], p);
        var coupling = new AtomCoupling(data);
        const int draws = 200_000;
        var counts = new int[p.Length];
        var xi = new double[p.Length];
        for (var i = 0; i < draws; i++)
        {
            new CounterRng(3, (uint)i, 0, 7).FillNormal(xi);
            counts[coupling.Choose(xi)]++;
        }
        Assert.Equal(0, counts[2]);
        for (var j = 0; j < p.Length; j++)
        {
            if (p[j] == 0) continue;
            var z = (counts[j] / (double)draws - p[j]) / Math.Sqrt(p[j] * (1 - p[j]) / draws);
            output.WriteLine($"atom {j}: frequency {counts[j] / (double)draws:F4}, p = {p[j]}, z = {z:F2}");
            Assert.InRange(z, -4.5, 4.5);
        }
    }

    [Fact]
    public void TwoAtomCouplingHasTheQuantileCouplingsClosedFormCorrelation()
    {
        // N = 2: Z₁ − p₁ and Y₁ = √p₁ξ₁ − p₁(√p₁ξ₁ + √p₂ξ₂) are a threshold of one normal and that normal (times √(p₁p₂)),
        // so corr = φ(t)/√(p₁p₂) with t = Φ⁻¹(p₂), the best any coupling of a Bernoulli with a normal achieves.
        double[] p = [0.3, 0.7];
        var coupling = new AtomCoupling(MeanFieldData.FromAtoms<TanhUnitByHand>([0.9, -0.4, -0.7, 1.1], p));
        const int draws = 200_000;
        double sxy = 0, sxx = 0, syy = 0;
        var xi = new double[2];
        for (var i = 0; i < draws; i++)
        {
            new CounterRng(11, (uint)i, 0, 7).FillNormal(xi);
            var z = (coupling.Choose(xi) == 0 ? 1 : 0) - p[0];
            var y = Math.Sqrt(p[0]) * xi[0] - p[0] * (Math.Sqrt(p[0]) * xi[0] + Math.Sqrt(p[1]) * xi[1]);
            sxy += z * y;
            sxx += z * z;
            syy += y * y;
        }
        var correlation = sxy / Math.Sqrt(sxx * syy);
        var expected = Normal.PDF(0, 1, Normal.InvCDF(0, 1, p[1])) / Math.Sqrt(p[0] * p[1]);
        output.WriteLine($"corr = {correlation:F4}, closed form {expected:F4}");
        // SE of a correlation ≈ (1 − ρ²)/√n ≈ 8e-4.
        Assert.Equal(expected, correlation, 0.004);
    }

    [Fact]
    public void MeanPathControlVariateHasMeanZeroUnderTheAtomLaw()
    {
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(4);
        var cv = MeanPathControlVariate.Build<TanhUnitByHand>(data, x, 0.125, 8, MeasureObservable.Mean(2, 0));
        for (var i = 0; i < cv.Steps; i++)
        {
            double mean = 0, scale = 0;
            for (var j = 0; j < data.Count; j++)
            {
                mean += data.Weights[j] * cv.Coefficient(i, j);
                scale += data.Weights[j] * Math.Abs(cv.Coefficient(i, j));
            }
            Assert.True(scale > 1e-4, "the control variate is trivially zero");
            Assert.True(Math.Abs(mean) <= 1e-12 * scale, $"step {i}: Σ pⱼ cᵢⱼ = {mean:E2}");
        }
    }

    [Fact]
    public void MeanPathControlVariateIsTheLinearResponseOfTheObservable()
    {
        // Independent of the adjoint recursion: push the mean path after step i by ε·α·Gⱼ(x̄ᵢ), run the remaining
        // deterministic steps forward, and difference Ψ.
        var data = MeanFieldTestData.TanhAtoms();
        var x0 = MeanFieldTestData.TanhParticles(3);
        const double alpha = 0.25;
        const int steps = 4;
        var psi = MeasureObservable.Integral("⟨sin x₂⟩", 2, p => Math.Sin(p[1]));
        var cv = MeanPathControlVariate.Build<TanhUnitByHand>(data, x0, alpha, steps, psi);
        var evaluator = new MeanFieldEvaluator<TanhUnitByHand>(data, 3);
        var path = new List<double[]> { x0 };
        for (var i = 0; i < steps; i++) path.Add(Step(path[i]));
        var factor = new double[x0.Length * data.Count];
        for (var i = 0; i < steps; i++)
        {
            evaluator.ComputeResidualsAndField(path[i]);
            evaluator.NoiseFactor(path[i], factor);
            for (var j = 0; j < data.Count; j++)
            {
                const double eps = 1e-5;
                double Psi(double sign)
                {
                    var y = path[i + 1].Select((v, c) => v + sign * eps * alpha * factor[c * data.Count + j] / data.SqrtWeights[j]).ToArray();
                    for (var m = i + 1; m < steps; m++) y = Step(y);
                    return psi.Evaluate(y);
                }
                var response = (Psi(1) - Psi(-1)) / (2 * eps);
                Assert.Equal(response, cv.Coefficient(i, j), 1e-7);
            }
        }

        double[] Step(double[] x)
        {
            evaluator.ComputeResidualsAndField(x);
            return [.. x.Select((v, c) => v + alpha * evaluator.Field[c])];
        }
    }

    [Fact]
    public void GaussianSgdHasTheOneStepMeanAndCovarianceOfParticleSgd()
    {
        // One step from x: SGD's increments α rⱼ gⱼ over the atoms (exact moments) against Gaussian SGD's, whose mean is
        // αV and covariance α² Σⱼ pⱼ GⱼGⱼᵀ, computed from ξ = ±eₘ (the moments of a linear map of ξ are exact from them).
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(2);
        const double alpha = 0.1;
        var length = x.Length;
        var sgd = new ParticleSgd<TanhUnitByHand>(data, 2, alpha);
        var sgdMean = new double[length];
        var sgdSecond = new double[length, length];
        for (var j = 0; j < data.Count; j++)
        {
            var y = (double[])x.Clone();
            sgd.StepOn(y, j);
            for (var a = 0; a < length; a++)
            {
                sgdMean[a] += data.Weights[j] * (y[a] - x[a]);
                for (var b = 0; b < length; b++) sgdSecond[a, b] += data.Weights[j] * (y[a] - x[a]) * (y[b] - x[b]);
            }
        }
        var gaussian = new GaussianParticleSgd<TanhUnitByHand>(data, 2, alpha);
        var zero = (double[])x.Clone();
        gaussian.StepWith(zero, new double[data.Count]);
        var gaussianSecond = new double[length, length];
        for (var m = 0; m < data.Count; m++)
        {
            var xi = new double[data.Count];
            xi[m] = 1;
            var y = (double[])x.Clone();
            gaussian.StepWith(y, xi);
            for (var a = 0; a < length; a++)
                for (var b = 0; b < length; b++) gaussianSecond[a, b] += (y[a] - zero[a]) * (y[b] - zero[b]);
        }
        for (var a = 0; a < length; a++)
        {
            Assert.Equal(sgdMean[a], zero[a] - x[a], 1e-14);
            for (var b = 0; b < length; b++)
                Assert.Equal(sgdSecond[a, b] - sgdMean[a] * sgdMean[b], gaussianSecond[a, b], 1e-14);
        }
    }
}
