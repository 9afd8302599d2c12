using FlowDsl.Exact;
using FlowDsl.Models;
using FlowDsl.Simulation;

namespace FlowDsl.Study.App;

/// <summary>
/// The studies of the main job (math.md §6): each compares SGD with SME-1, SME-2 and SMF-2 on a model whose SGD
/// expectation is known exactly, so the Monte Carlo noise is on the continuous side only.
/// </summary>
public static class BuiltInStudies
{
    /// <summary>Every study, in the order the main job runs them.</summary>
    public static IReadOnlyList<BuiltInStudy> All { get; } =
    [
        new("ou", "Ornstein–Uhlenbeck: R = ½|x − θ|², θ ~ N(0, I₃)",
            "Additive noise (§6.2): SME-1 is order 1, SME-2 and SMF-2 order 2.", RunOu),
        new("multiplicative", "Multiplicative noise: R = ½(1+θ)x², θ = ±1",
            "Σ^{1/2} = |x| is not smooth (§6.3); SMF-2 has the smooth coefficient −x and is order 2.", RunMultiplicative),
        new("two-point", "Two-point motion: R = ½(1+θ)x², u₁ = 1, u₂ = −1",
            "The n-point contrast (§6.4): E[x₁x₂] — SMF-2 is order 2, independent and shared-Brownian SME copies only order 1.", RunTwoPoint),
        new("regression", "Linear regression: R = ½(a·x − b)², a ~ N(0, I₂), σ² = ¼",
            "Multiplicative, non-smooth Σ^{1/2} (§6.5); SMF noise from Monte Carlo features.", RunRegression),
    ];

    /// <summary>The keys of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Keys { get; } = All.Select(s => s.Key).ToArray();

    private static readonly ContinuousModel[] Standard = [ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2];

    private static WeakErrorResult RunOu(StudySettings s, Action<StudyProgress>? progress)
    {
        double[] start = [1.0, 0.5, -0.5];
        var problem = AffineTestProblems.Additive(new double[3], Identity(3));
        return WeakErrorStudy.For<Quadratic>()
            .StartingPoints(start)
            .Observable("|x|²", x => x[0] * x[0] + x[1] * x[1] + x[2] * x[2])
            .Models(Standard)
            .ExactSgd((alpha, _) => ExactMoments.OnePoint(problem, ModelKind.Sgd, alpha, s.Horizon, start).MeanSquaredNorm)
            .With(s, progress)
            .Run();
    }

    private static WeakErrorResult RunMultiplicative(StudySettings s, Action<StudyProgress>? progress) =>
        WeakErrorStudy.For<Multiplicative>()
            .StartingPoints([1.0])
            .Observable("x²", x => x[0] * x[0])
            .Models(Standard)
            .ExactSgd((alpha, _) => ClosedForms.MultiplicativeSecondMoment(ModelKind.Sgd, alpha, s.Horizon, s2: 1.0))
            .With(s, progress)
            .Run();

    private static WeakErrorResult RunTwoPoint(StudySettings s, Action<StudyProgress>? progress) =>
        WeakErrorStudy.For<Multiplicative>()
            .StartingPoints([1.0], [-1.0])
            .Observable("x₁x₂", (x1, x2) => x1[0] * x2[0])
            .Models(ContinuousModel.Smf2, ContinuousModel.Sme2, ContinuousModel.Sme2SharedBrownian)
            .ExactSgd((alpha, _) => ClosedForms.MultiplicativeCrossMoment(ModelKind.Sgd, alpha, s.Horizon, 1.0, -1.0, s2: 1.0))
            .With(s, progress)
            .Run();

    private static WeakErrorResult RunRegression(StudySettings s, Action<StudyProgress>? progress)
    {
        double[] start = [1.0, 1.0];
        return WeakErrorStudy.For<LinearRegression>()
            .StartingPoints(start)
            .Observable("|x − x*|²", x => x[0] * x[0] + x[1] * x[1])
            .Models(Standard)
            .ExactSgd((alpha, _) => ClosedForms.LinearRegressionSquaredError(
                ModelKind.Sgd, alpha, s.Horizon, dimension: 2, noiseVariance: LinearRegression.NoiseVariance, m0: 2.0))
            .With(s, progress)
            .Run();
    }

    private static double[,] Identity(int d)
    {
        var m = new double[d, d];
        for (var i = 0; i < d; i++) m[i, i] = 1;
        return m;
    }
}
