using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

public class ExactValidationTests
{
    private static readonly AffineGradientMoments Problem = AffineTestProblems.Additive([0.0], new[,] { { 1.0 } });

    [Fact]
    public void RunArgumentsAreChecked()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ExactMoments.OnePoint(Problem, ContinuousModel.Sme1, 0, 1, [1.0])).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => ExactMoments.OnePoint(Problem, ContinuousModel.Sme1, 0.1, double.NaN, [1.0])).ParamName);
        Assert.Contains("T/α = 3.333", Assert.Throws<ArgumentException>(() => ExactMoments.SgdOnePoint(Problem, 0.3, 1, [1.0])).Message);
        Assert.Contains("start has length 2", Assert.Throws<ArgumentException>(() => ExactMoments.SgdOnePoint(Problem, 0.25, 1, [1.0, 2.0])).Message);
        Assert.Equal(10, ExactMoments.SgdSteps(0.1, 1.0));
    }

    [Fact]
    public void DynamicsWithoutAClosedMomentSystemAreRefusedByName()
    {
        // One shared Brownian motion: the moments do not close for a state-dependent Σ (math.md §6.4).
        var shared = Assert.Throws<ArgumentException>(() => ExactMoments.TwoPoint(Problem, ContinuousModel.Sme2SharedBrownian, 0.25, 1, [1.0], [2.0]));
        Assert.Equal("model", shared.ParamName);
        Assert.Contains("SME-2 shared-B", shared.Message);
        Assert.Contains("independent copies", shared.Message);
        Assert.Contains("SME-2 shared-B", Assert.Throws<ArgumentException>(() => ExactMoments.OnePoint(Problem, ContinuousModel.Sme2SharedBrownian, 0.25, 1, [1.0])).Message);
        Assert.Contains("SME-2 shared-B", Assert.Throws<ArgumentException>(() => ClosedForms.AdditiveMeanFactor(ContinuousModel.Sme2SharedBrownian, 0.25, 1)).Message);
        Assert.Contains("GF", Assert.Throws<ArgumentException>(() => ExactMoments.OnePoint(Problem, ContinuousModel.GradientFlow, 0.25, 1, [1.0])).Message);
        Assert.Contains("drift order 1 or 2, not 3", Assert.Throws<ArgumentException>(() =>
            ExactMoments.OnePoint(Problem, new ContinuousModel("SME-3", 3, NoiseModel.SmeIndependent), 0.25, 1, [1.0])).Message);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ExactMoments.OnePoint(Problem, null!, 0.25, 1, [1.0])).ParamName);
        Assert.Contains("SMF-2, not SME-2", Assert.Throws<ArgumentException>(() =>
            ClosedForms.LinearRegressionTwoPointDistance(ContinuousModel.Sme2, 0.25, 1, 2, 1.0)).Message);
    }

    [Fact]
    public void MomentInputsAreChecked()
    {
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() =>
            AffineGradientMoments.FromAtoms([(1.0, new[,] { { 1.0, 2.0 }, { 0.0, 1.0 } }, new[] { 0.0, 0.0 })])).Message);
        Assert.Contains("weight -1", Assert.Throws<ArgumentException>(() =>
            AffineGradientMoments.FromAtoms([(-1.0, new[,] { { 1.0 } }, new[] { 0.0 })])).Message);
        Assert.Contains("atom 0 fixes d = 1", Assert.Throws<ArgumentException>(() =>
            AffineGradientMoments.FromAtoms([(1.0, new[,] { { 1.0 } }, new[] { 0.0 }), (1.0, new double[2, 2], new[] { 0.0, 0.0 })])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => AffineGradientMoments.FromAtoms([])).Message);
        Assert.Contains("Var c[0]", Assert.Throws<ArgumentException>(() =>
            AffineGradientMoments.FromMoments(new[,] { { 1.0 } }, [2.0], new[, , ,] { { { { 1.0 } } } }, new[, ,] { { { 2.0 } } }, new[,] { { 1.0 } })).Message);
        Assert.Equal("secondAC", Assert.Throws<ArgumentException>(() =>
            AffineGradientMoments.FromMoments(new[,] { { 1.0 } }, [0.0], new[, , ,] { { { { 1.0 } } } }, new double[2, 1, 1], new[,] { { 1.0 } })).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Problem.ForBatchSize(0)).ParamName);
    }

    [Fact]
    public void BatchOfSizeBDividesTheNoiseCovariance()
    {
        // §6.2 with batch B: Cov of SGD is αS(1−q²)/(2−α)/B, i.e. S → S/B.
        var batched = AffineTestProblems.Additive([0.3], new[,] { { 2.0 } }).ForBatchSize(4);
        var moments = ExactMoments.SgdOnePoint(batched, 0.125, 1.0, [1.0]);
        Golden.Relative(SgdClosedForms.AdditiveCovarianceFactor(0.125, 1.0) * 0.5, moments.Covariance[0, 0], "batched SGD covariance");
        var kernel = batched.NoiseKernel([1.0], [2.0]);
        Assert.Equal(0.5, kernel[0, 0], 15);
    }

    [Fact]
    public void NoiseKernelIsTheCovarianceOfTheGradientNoise()
    {
        // §6.5: Σ(x) = |y|²I + yyᵀ + σ²I for a ~ N(0, I), y = x − x*.
        double[] optimum = [0.5, -1.0];
        var problem = AffineTestProblems.LinearRegression(2, 0.25, optimum);
        double[] x = [1.5, 1.0];
        double[] y = [1.0, 2.0];
        var sigma = problem.NoiseKernel(x, x);
        for (var i = 0; i < 2; i++)
            for (var k = 0; k < 2; k++)
                Assert.Equal((i == k ? 5.0 + 0.25 : 0.0) + y[i] * y[k], sigma[i, k], 13);
    }

    [Fact]
    public void QuadraticObservablesUseTheMoments()
    {
        var moments = new PointMoments([1.0, 2.0], new[,] { { 2.0, 1.0 }, { 1.0, 5.0 } });
        var f = new QuadraticFunction(new[,] { { 1.0, 0.5 }, { 0.0, 2.0 } }, [1.0, -1.0], 3.0);
        Assert.Equal(2.0 + 0.5 + 10.0 + 1.0 - 2.0 + 3.0, moments.Expectation(f), 14);
        // Cov = M − mmᵀ = [[1, −1], [−1, 1]].
        Assert.Equal(0.0, moments.Variance([1.0, 1.0]), 14);
        Assert.Equal(4.0, moments.Variance([1.0, -1.0]), 14);
        Assert.Equal(7.0, moments.MeanSquaredNorm, 14);
        var pair = new TwoPointMoments(moments, new PointMoments([0.0, 1.0], new[,] { { 1.0, 0.0 }, { 0.0, 3.0 } }), new[,] { { 0.5, 1.0 }, { 0.0, 2.0 } });
        Assert.Equal(7.0 + 4.0 - 2 * 2.5, pair.MeanSquaredDistance, 14);
        Assert.Equal(0.5 * 1 + 1.0 * 2, pair.CrossExpectation(new[,] { { 1.0, 2.0 }, { 3.0, 0.0 } }), 14);
        Assert.Equal(2.0 - 2.0 * 1.0, pair.CrossCovariance[1, 1], 14);
    }
}
