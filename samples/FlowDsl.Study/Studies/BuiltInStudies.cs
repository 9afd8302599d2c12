using FlowDsl.Exact;
using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Simulation;

namespace FlowDsl.Study.App;

/// <summary>
/// The studies of the main job (math.md §6). Each compares SGD with its continuous models on a model whose SGD
/// expectation is exact (the exact-moment engine of §6.1), so the Monte Carlo noise is on the continuous side only;
/// that side is coupled to SGD through one Brownian path per Monte Carlo path and uses antithetic pairs (§7.3).
/// </summary>
public static class BuiltInStudies
{
    /// <summary>Every study, in the order the main job runs them.</summary>
    public static IReadOnlyList<BuiltInStudy> All { get; } =
    [
        new("ou", "Ornstein–Uhlenbeck: R = ½|x − θ|², θ ~ N(0, I₃)",
            "additive noise (§6.2): SME-1 is order 1, SME-2 and SMF-2 order 2", [8, 16, 32, 64], 2_000, RunOu),
        new("multiplicative", "Multiplicative noise: R = ½(1+θ)x², θ ~ N(0, 1)",
            "Σ^{1/2} = |x| is not smooth (§6.3); the SMF coefficient −x is", [8, 16, 32, 64], 12_000, RunMultiplicative),
        new("two-point", "Two-point motion: R = ½(1+θ)x², u₁ = 1, u₂ = −1",
            "the n-point contrast (§6.4): for E[x₁x₂] SMF-2 is order 2, SME copies only order 1", [8, 16, 32, 64], 12_000, RunTwoPoint),
        new("regression", "Linear regression: R = ½(a·x − b)², a ~ N(0, I₂), σ² = ¼",
            "Σ^{1/2} not smooth, noise quadratic in θ (§6.5); model-side control variates", [16, 32, 64, 128], 1_000, RunRegression),
        new("mean-field", "Mean-field tanh unit, n = 3, N = 2 atoms",
            "particle SGD against the DD-SF (order 1) and the DD-SMF (order 2) for a measure observable (§4.8); SGD enumerated exactly",
            [4, 8, 16], 4_000, RunMeanField),
    ];

    /// <summary>The keys of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Keys { get; } = All.Select(s => s.Key).ToArray();

    /// <summary>Studies that run only when named with <c>--studies</c> (not part of the default main job).</summary>
    public static IReadOnlyList<BuiltInStudy> Optional { get; } = [UserMeanFieldStudy.Study];

    /// <summary><see cref="All"/> and <see cref="Optional"/>: every study <c>--studies</c> accepts.</summary>
    public static IReadOnlyList<BuiltInStudy> Everything { get; } = [.. All, .. Optional];

    private static readonly ContinuousModel[] Standard = [ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2];

    private static QuadraticFunction SquaredNorm(int d) => QuadraticFunction.SquaredDistance(new double[d]);

    private static IStudyJob RunOu(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<Quadratic>()
            .StartingPoints([1.0, 0.5, -0.5])
            .Observable(Observable.Quadratic("|x|²", SquaredNorm(3)))
            .Models(Standard));

    private static IStudyJob RunMultiplicative(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<MultiplicativeGaussian>()
            .StartingPoints([1.0])
            .Observable(Observable.Quadratic("x²", SquaredNorm(1)))
            .Models(Standard));

    private static IStudyJob RunTwoPoint(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<MultiplicativeGaussian>()
            .StartingPoints([1.0], [-1.0])
            .Observable(Observable.CrossQuadratic("x₁x₂", new double[,] { { 1 } }))
            .Models(ContinuousModel.Smf2, ContinuousModel.Sme2, ContinuousModel.Sme2SharedBrownian));

    private static IStudyJob RunMeanField(StudyRun run)
    {
        // The configuration of the mean-field order test (TanhUnit, math.md §4.5): particles at fixed, distinct positions.
        var data = MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1], [0.5, 0.5]);
        var particles = new double[6];
        for (var k = 0; k < 3; k++)
        {
            particles[2 * k] = 0.8 * Math.Cos(1.3 * k + 0.2) + 0.1 * k / 3;
            particles[2 * k + 1] = 0.6 * Math.Sin(2.1 * k + 0.5) - 0.2;
        }
        return run.Apply(new MeanFieldOrderStudy<TanhUnit>(data, particles)
            .Observable(MeasureObservable.Mean(2, 0) with { Name = "⟨x₁, νⁿ⟩" }));
    }

    private static IStudyJob RunRegression(StudyRun run) =>
        run.Apply(WeakErrorStudy.For<LinearRegression>()
            .StartingPoints([1.0, 1.0])
            .Observable(Observable.Quadratic("|x − x*|²", SquaredNorm(2)))
            .Models(Standard)
            .ModelControlVariates());
}
