using FlowDsl.MeanField;

namespace FlowDsl.Study.App;

/// <summary>One study of the main job: a model, its observables and the continuous models compared with SGD.</summary>
/// <param name="Key">The command-line name.</param>
/// <param name="Title">A one-line title for tables and plots.</param>
/// <param name="Description">What it shows, for <c>--help</c> and the report.</param>
/// <param name="DefaultSteps">The α-ladder (step counts N, α = T/N) used unless <c>--ladder</c> is given.</param>
/// <param name="DefaultPaths">Monte Carlo paths per level unless <c>--paths</c> is given (sized from a pilot for SE(p̂) ≲ 0.05).</param>
/// <param name="Body">Builds the study (run, sharded or merged by <see cref="Run"/>, <see cref="RunPart"/>).</param>
public sealed record BuiltInStudy(string Key, string Title, string Description, int[] DefaultSteps, int DefaultPaths, Func<StudyRun, IStudyJob> Body)
{
    /// <summary>
    /// Runs the study with the command-line settings, reporting progress; with <see cref="StudySettings.Parts"/> (the
    /// <c>merge</c> verb) merges its parts instead, which gives the same result bit for bit.
    /// </summary>
    public WeakErrorResult Run(StudySettings settings, Action<StudyProgress>? progress)
    {
        var job = Body(new StudyRun(this, settings, progress));
        if (settings.Parts is null) return job.Run();
        return settings.Parts.TryGetValue(Key, out var parts) ? job.Merge(parts) : throw new ArgumentException($"the parts hold no paths of study '{Key}'.");
    }

    /// <summary>Runs only the paths of <paramref name="shard"/> (<c>--shard i/n</c> or <c>--paths-range a..b</c>) and returns the part with its range.</summary>
    public StudyPart RunPart(StudySettings settings, ShardRequest shard)
    {
        var run = new StudyRun(this, settings, null);
        return Body(run).RunPart(shard.Range(run.Paths, run.Antithetic));
    }

    /// <summary>
    /// Whether the study sizes its paths itself (<see cref="WeakErrorStudy{TModel}.PathBudget"/>): <see cref="DefaultPaths"/>
    /// is then the first batch, and <c>--paths</c> switches to a fixed count.
    /// </summary>
    public bool AdaptivePaths { get; init; }
}

/// <summary>The built-in sets of studies of the main job (<c>--set</c>).</summary>
public static class StudySets
{
    /// <summary>The default set: closed-form models whose SGD expectations are exact.</summary>
    public const string BuiltIn = "builtin";

    /// <summary>Models as a user would declare them (<see cref="UserModelStudies"/>).</summary>
    public const string UserModels = "user-models";

    /// <summary>The sets by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<BuiltInStudy>> Sets { get; } = new Dictionary<string, IReadOnlyList<BuiltInStudy>>
    {
        [BuiltIn] = BuiltInStudies.All,
        [UserModels] = UserModelStudies.All,
    };

    /// <summary>Every study of every set.</summary>
    public static IReadOnlyList<BuiltInStudy> All { get; } = [.. BuiltInStudies.All, .. UserModelStudies.All];
}

/// <summary>The settings of one run of one study: applies what every study shares.</summary>
public sealed record StudyRun(BuiltInStudy Study, StudySettings Settings, Action<StudyProgress>? Progress)
{
    /// <summary>The α-ladder actually used.</summary>
    public IReadOnlyList<int> Steps => Settings.Steps ?? Study.DefaultSteps;

    /// <summary>The paths actually used.</summary>
    public int Paths => Settings.Paths ?? Study.DefaultPaths;

    /// <summary>Antithetic pairs: whenever the path count is even.</summary>
    public bool Antithetic => Paths % 2 == 0;

    /// <summary>Whether the paths are sized adaptively (the study asks for it and no <c>--paths</c> was given).</summary>
    public bool Adaptive => Study.AdaptivePaths && Settings.Paths is null;

    /// <summary>Applies ladder, paths (or the adaptive budget), seed, threads, scheme, antithetic pairs, solver check, bootstrap and mean accuracy.</summary>
    public IStudyJob Apply<TModel>(WeakErrorStudy<TModel> study) where TModel : IRiskModel
    {
        var s = Settings;
        study.Ladder(s.Horizon, [.. Steps]).Paths(Paths).Seed(s.Seed).Threads(s.Threads)
             .Scheme(s.Scheme, s.Substeps).SolverCheck(s.SolverCheck).Bootstrap(s.Bootstrap)
             .Antithetic(Paths % 2 == 0);
        if (Adaptive)
        {
            study.PathBudget(Math.Max(Paths, s.BudgetPaths));
            if (s.BudgetSeconds is { } seconds) study.TimeBudget(seconds);
        }
        if (s.MeanTolerance is { } tolerance) study.MeanAccuracy(tolerance);
        if (s.BrownianGrid is { } grid) study.BrownianGrid(grid);
        if (s.SgdReplicas is { } replicas) study.SgdReplicas(replicas);
        if (Progress is not null) study.OnProgress(Progress);
        return new WeakErrorJob<TModel>(study);
    }

    /// <summary>
    /// The same for a mean-field study; the flows are always stochastic Heun (SH2), so <c>--scheme</c> does not apply
    /// (the report names the scheme used).
    /// </summary>
    public IStudyJob Apply<TModel>(MeanFieldOrderStudy<TModel> study) where TModel : IMeanFieldModel
    {
        var s = Settings;
        study.Ladder(s.Horizon, [.. Steps]).Paths(Paths).Seed(s.Seed).Threads(s.Threads)
             .Substeps(s.Substeps).SolverCheck(s.SolverCheck).Bootstrap(s.Bootstrap)
             .Antithetic(Paths % 2 == 0);
        // --budget-seconds bounds the coupled mode's pilot and adaptive rounds (the enumerated mode has fixed paths).
        if (s.BudgetSeconds is { } seconds) study.TimeBudget(TimeSpan.FromSeconds(seconds));
        if (Progress is not null) study.OnProgress(Progress);
        return new MeanFieldJob<TModel>(study, Study.Key);
    }
}
