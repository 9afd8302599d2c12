using FlowDsl.Exact;
using FlowDsl.Models;
using FlowDsl.Network;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Tests.Network;

/// <summary>
/// The matrix-free steppers against the exact-moment engine (math.md §6.1, an independent implementation through d×d
/// moment ODEs): linear regression on an empirical law of 6 atoms, where E|x|² under SGD and under the SDE models is
/// known exactly. Unbiasedness at fixed α (§7.5): |z| &lt; 4.5 with fixed seeds.
/// </summary>
public class NetworkFlowExactnessTests
{
    internal static readonly double[][] Atoms =
        [[1.0, 0.2, 0.5], [-0.4, 1.1, -0.3], [0.3, -0.9, 0.8], [1.3, 0.6, 0.1], [-0.8, -0.5, -0.6], [0.2, 1.4, 0.9]];

    internal static double[] Rows => Atoms.SelectMany(a => a).ToArray();

    private static readonly double[] U = [1.0, -0.5], V = [-0.3, 0.8];

    private static double Square(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

    private static void AssertUnbiased(double exact, double mean, double se, string what)
    {
        var z = (mean - exact) / se;
        Assert.True(Math.Abs(z) < 4.5, $"{what}: simulated {mean:G6} ± {se:G3}, exact {exact:G6}, z = {z:F2}");
    }

    [Fact]
    public void OnePointMeansOfSgdAndTheModelsMatchTheExactMoments()
    {
        var law = Law.Empirical(Atoms);
        var engine = AffineGradientMoments.FromModel<LinearRegression>(law);
        var result = NetworkFlowStudy.For<LinearRegression>()
            .Data(Rows).StartingPoints(U)
            .Observable(Observable.OnePoint("|x|²", Square))
            .Models(ContinuousModel.GradientFlow, ContinuousModel.Sme1, ContinuousModel.Smf2)
            .Ladder(1, 4, 8).Substeps(8).Paths(4000).Threads(2).Seed(11)
            .Run();
        for (var j = 0; j < result.Levels.Count; j++)
        {
            var alpha = result.Levels[j].Alpha;
            var sgd = result.Error("SME-1", "|x|²", j);
            AssertUnbiased(ExactMoments.SgdOnePoint(engine, alpha, 1, U).MeanSquaredNorm, sgd.SgdMean, sgd.SgdSe, $"SGD α = {alpha}");
            foreach (var model in new[] { ContinuousModel.Sme1, ContinuousModel.Smf2 })
            {
                var e = result.Error(model.Name, "|x|²", j);
                AssertUnbiased(ExactMoments.OnePoint(engine, model, alpha, 1, U).MeanSquaredNorm, e.ModelMean, e.ModelSe, $"{model.Name} α = {alpha}");
            }
            // The gradient flow is deterministic: Heun with h = α/8 against the exact flow, to the solver's O(h²).
            var gf = result.Error("GF", "|x|²", j);
            var exactGf = Square(GradientFlow(engine, U, 1));
            Assert.True(Math.Abs(gf.ModelMean - exactGf) < 0.01 * alpha * alpha, $"GF α = {alpha}: {gf.ModelMean:R} vs {exactGf:R}");
        }
    }

    [Fact]
    public void TwoPointMotionSharesTheNoiseForSmfAndNotForSme()
    {
        var law = Law.Empirical(Atoms);
        var engine = AffineGradientMoments.FromModel<LinearRegression>(law);
        var result = NetworkFlowStudy.For<LinearRegression>()
            .Data(Rows).StartingPoints(U, V)
            .Observable(Observable.TwoPoint("x1·x2", (x, y) => x[0] * y[0] + x[1] * y[1]))
            .Models(ContinuousModel.Sme2, ContinuousModel.Smf2)
            .Ladder(1, 4, 8).Substeps(8).Paths(4000).Threads(2).Seed(12)
            .Run();
        const int level = 1;
        var alpha = result.Levels[level].Alpha;
        var sgd = result.Error("SMF-2", "x1·x2", level);
        AssertUnbiased(ExactMoments.SgdTwoPoint(engine, alpha, 1, U, V).InnerProduct, sgd.SgdMean, sgd.SgdSe, "SGD two-point");
        var smf = result.Error("SMF-2", "x1·x2", level);
        AssertUnbiased(ExactMoments.TwoPoint(engine, ContinuousModel.Smf2, alpha, 1, U, V).InnerProduct, smf.ModelMean, smf.ModelSe, "SMF-2 two-point");
        var sme = result.Error("SME-2", "x1·x2", level);
        AssertUnbiased(ExactMoments.TwoPoint(engine, ContinuousModel.Sme2, alpha, 1, U, V).InnerProduct, sme.ModelMean, sme.ModelSe, "SME-2 independent copies");
        // The paired difference reproduces the exact one, which SME copies get wrong by the cross covariance Σ(x1,x2) (§3.3).
        var exactDiff = ExactMoments.TwoPoint(engine, ContinuousModel.Smf2, alpha, 1, U, V).InnerProduct
                        - ExactMoments.TwoPoint(engine, ContinuousModel.Sme2, alpha, 1, U, V).InnerProduct;
        var (diff, se) = result.ModelDifference("SMF-2", "SME-2", "x1·x2", level);
        Assert.True(Math.Abs(exactDiff) > 2 * se, $"exact SMF-2 − SME-2 = {exactDiff:G3}, SE {se:G3}");
        AssertUnbiased(exactDiff, diff, se, "SMF-2 − SME-2");
    }

    [Fact]
    public void MinibatchNoiseIsSigmaOverB()
    {
        // For B = 4 SGD's noise has covariance Σ/B and the models use √(α/B) (math.md §1.1). The exact engine knows batch 1
        // only, so: Var x0 under SGD(B = 4) equals SME-1's to O(α), and SME-1's variance scales as 1/B to leading order.
        var result = NetworkFlowStudy.For<LinearRegression>()
            .Data(Rows).StartingPoints(U).Batch(4)
            .Observable(Observable.OnePoint("x0", x => x[0]))
            .Models(ContinuousModel.Sme1)
            .Ladder(1, 8, 16).Substeps(4).Paths(4000).Threads(2).Seed(13)
            .Run();
        const int level = 1;
        var sgd = result.SgdValues("x0", level).ToArray();
        var sme = result.ModelValues("SME-1", "x0", level).ToArray();
        var (vs, vm) = (Variance(sgd), Variance(sme));
        // SE of a sample variance ≈ v·√(2/(n−1)) for near-normal values; the O(α) modelling error is far below at α = 1/16.
        var se = Math.Sqrt(2.0 / (sgd.Length - 1)) * Math.Sqrt(vs * vs + vm * vm);
        Assert.True(Math.Abs(vs - vm) < 4.5 * se, $"Var x0: SGD(B = 4) {vs:G4}, SME-1 {vm:G4}, SE {se:G3}");
        var batchOne = NetworkFlowStudy.For<LinearRegression>()
            .Data(Rows).StartingPoints(U)
            .Observable(Observable.OnePoint("x0", x => x[0]))
            .Models(ContinuousModel.Sme1)
            .Ladder(1, 8, 16).Substeps(4).Paths(4000).Threads(2).Seed(13)
            .Run();
        var v1 = Variance(batchOne.ModelValues("SME-1", "x0", level).ToArray());
        Assert.InRange(v1 / vm, 3.0, 5.0); // √(α/B): the variance scales as 1/B (within sampling error at n = 4000)
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        NetworkFlowResult Run(int threads) => NetworkFlowStudy.For<LinearRegression>()
            .Data(Rows).StartingPoints(U, V)
            .Observable(Observable.TwoPoint("x1·x2", (x, y) => x[0] * y[0] + x[1] * y[1]))
            .Models(ContinuousModel.GradientFlow, ContinuousModel.Sme1, ContinuousModel.Smf2)
            .Ladder(1, 2, 4).Paths(16).Threads(threads).Seed(5)
            .Run();
        var (one, two) = (Run(1), Run(2));
        foreach (var (a, b) in one.Errors.Zip(two.Errors))
        {
            Assert.Equal(a.Error, b.Error);
            Assert.Equal(a.SgdMean, b.SgdMean);
            Assert.Equal(a.ModelMean, b.ModelMean);
        }
    }

    /// <summary>dx/dt = −(Āx − c̄) by RK4 with 10⁴ steps (an independent integration of the mean gradient's affine form).</summary>
    private static double[] GradientFlow(AffineGradientMoments engine, double[] u, double horizon)
    {
        var (a, c) = (engine.MeanA, engine.MeanC);
        double[] F(double[] x) => [-(a[0, 0] * x[0] + a[0, 1] * x[1] - c[0]), -(a[1, 0] * x[0] + a[1, 1] * x[1] - c[1])];
        var y = (double[])u.Clone();
        const int n = 10_000;
        var h = horizon / n;
        for (var i = 0; i < n; i++)
        {
            var k1 = F(y);
            var k2 = F([y[0] + h / 2 * k1[0], y[1] + h / 2 * k1[1]]);
            var k3 = F([y[0] + h / 2 * k2[0], y[1] + h / 2 * k2[1]]);
            var k4 = F([y[0] + h * k3[0], y[1] + h * k3[1]]);
            for (var k = 0; k < 2; k++) y[k] += h / 6 * (k1[k] + 2 * k2[k] + 2 * k3[k] + k4[k]);
        }
        return y;
    }

    private static double Variance(double[] v)
    {
        var m = v.Average();
        return v.Sum(x => (x - m) * (x - m)) / (v.Length - 1);
    }
}
