using FlowDsl.Models;
using FlowDsl.Simulation;

namespace FlowDsl.Study.App;

/// <summary>
/// The second built-in set of the main job (<c>--set user-models</c>, issue 12): models as a user would declare them,
/// whose means are not exact — a nonlinear risk under a continuous law, a nonlinear risk on a data set from a file, and a
/// mean-field Softplus unit (<see cref="UserMeanFieldStudy"/>).
/// Each runs with the study's defaults: the adaptive path budget (batches until every level has |ê|/SE ≥ 5, or the
/// budget is spent), adaptive Gauss rules for the means, and SGD coupled to the Brownian path.
/// </summary>
/// <remarks>To add a study to this set, append it to <see cref="All"/> (one entry per study; keys must be unique across sets).</remarks>
public static class UserModelStudies
{
    /// <summary>The data set of the Softplus-regression study, shipped with the sample (written by data/make_logistic_csv.py).</summary>
    public static string LogisticData => Path.Combine(AppContext.BaseDirectory, "data", "logistic-1000.csv");

    /// <summary>Every study of the set, in the order the main job runs them.</summary>
    public static IReadOnlyList<BuiltInStudy> All { get; } =
    [
        new("tanh-regression", "Two-layer tanh regression: R = ½(v·tanh(Wu) − y)², W 2×3, u ~ N(0, I₃), y ~ N(0, ¼)",
            "non-polynomial risk under a normal law: means from an adaptive Gauss rule Q that SGD samples too (coupled)",
            [4, 8, 16, 32], 64, RunTanhRegression) { AdaptivePaths = true },
        new("softplus-regression", "Softplus (logistic) regression on 1,000 rows read from a CSV file",
            "non-polynomial risk under an empirical law (Law.EmpiricalFromFile): exact means, SGD coupled by quantiles",
            [4, 8, 16, 32], 64, RunSoftplusRegression) { AdaptivePaths = true },
        UserMeanFieldStudy.Study,
    ];

    private static readonly ContinuousModel[] Standard = [ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2];

    private static IStudyJob RunTanhRegression(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<TwoLayerTanh>()
            .StartingPoints([0.8, -0.5, 0.3, 0.2, 0.6, -0.7, 1.0, -0.8])
            .Observable(Observable.OnePoint("|x|²", x => SquaredNorm(x)))
            .Models(Standard));

    private static IStudyJob RunSoftplusRegression(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<SoftplusRegression>()
            .Law(Law.EmpiricalFromFile(LogisticData))
            .StartingPoints([1.0, -1.0, 0.5])
            .Observable(Observable.OnePoint("|x|²", x => SquaredNorm(x)))
            .Models(Standard));

    private static double SquaredNorm(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (var v in x) sum += v * v;
        return sum;
    }
}
