using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>Moments built from a model's Hessian-vector products and gradients against the closed-form moment tensors.</summary>
public class FromModelTests
{
    private static void AssertSameMoments(AffineGradientMoments expected, AffineGradientMoments actual, double tolerance)
    {
        static void Close(Array e, Array a, string what, double tol)
        {
            var ev = e.Cast<double>().ToArray();
            var av = a.Cast<double>().ToArray();
            Assert.Equal(ev.Length, av.Length);
            var scale = Math.Max(1, ev.Max(Math.Abs));
            for (var n = 0; n < ev.Length; n++)
                Assert.True(Math.Abs(ev[n] - av[n]) <= tol * scale, $"{what}[{n}]: {av[n]:R} vs {ev[n]:R}");
        }
        Close(expected.MeanA, actual.MeanA, "E A", tolerance);
        Close(expected.MeanC, actual.MeanC, "E c", tolerance);
        Close(expected.SecondMomentAA, actual.SecondMomentAA, "E[AA]", tolerance);
        Close(expected.SecondMomentAC, actual.SecondMomentAC, "E[Ac]", tolerance);
        Close(expected.SecondMomentCC, actual.SecondMomentCC, "E[cc]", tolerance);
    }

    [Fact]
    public void RegressionWithGaussianDataUsesGaussHermiteExactly()
    {
        // θ = (a, b) with a ~ N(0, I₂), b = a·x* + ε, ε ~ N(0, σ²): jointly normal with Cov(a, b) = x*, Var b = |x*|² + σ².
        double[] optimum = [0.5, -1.0];
        const double sigma2 = 0.25;
        var law = Law.Normal([0.0, 0.0, 0.0], new[,]
        {
            { 1.0, 0.0, optimum[0] },
            { 0.0, 1.0, optimum[1] },
            { optimum[0], optimum[1], 1.25 + sigma2 },
        });
        var fromModel = AffineGradientMoments.FromModel<RegressionModel>(law);
        AssertSameMoments(AffineTestProblems.LinearRegression(2, sigma2, optimum), fromModel, 1e-12);
    }

    [Fact]
    public void MultiplicativeModelWithItsDefaultRademacherLaw()
    {
        var fromModel = AffineGradientMoments.FromModel<MultiplicativeModel>();
        AssertSameMoments(AffineTestProblems.Multiplicative(1.0), fromModel, 1e-15);
        var gaussian = AffineGradientMoments.FromModel<MultiplicativeModel>(Law.Normal([0.0], new[,] { { 0.36 } }));
        AssertSameMoments(AffineTestProblems.Multiplicative(0.36), gaussian, 1e-14);
    }

    [Fact]
    public void EmpiricalLawGivesTheDatasetAverages()
    {
        double[][] data = [[1.0, 0.0, 2.0], [0.5, -1.0, 0.0], [0.0, 2.0, -1.0]];
        var fromModel = AffineGradientMoments.FromModel<RegressionModel>(Law.Empirical(data, [1.0, 1.0, 2.0]));
        var atoms = data.Select((t, n) => (n == 2 ? 0.5 : 0.25, new[,] { { t[0] * t[0], t[0] * t[1] }, { t[1] * t[0], t[1] * t[1] } }, new[] { t[0] * t[2], t[1] * t[2] })).ToList();
        AssertSameMoments(AffineGradientMoments.FromAtoms(atoms), fromModel, 1e-15);
    }

    [Fact]
    public void RefusesModelsAndLawsItCannotHandle()
    {
        Assert.Contains("affine in x", Assert.Throws<ArgumentException>(() => AffineGradientMoments.FromModel<CosineModel>()).Message);
        Assert.Contains("declares no [Law]", Assert.Throws<ArgumentException>(() => AffineGradientMoments.FromModel<RegressionModel>()).Message);
        Assert.Contains("θ of length 3", Assert.Throws<ArgumentException>(() => AffineGradientMoments.FromModel<RegressionModel>(Law.Normal(2))).Message);
        Assert.Contains("no exact rule", Assert.Throws<ArgumentException>(() => AffineGradientMoments.FromModel<RegressionModel>(Law.Normal(3), maxNodes: 10)).Message);
    }
}
