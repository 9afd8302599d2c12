using System.Diagnostics;
using FlowDsl.Exact;
using FlowDsl.Schemes;
using FlowDsl.Simulation;

namespace FlowDsl.Study;

/// <summary>Starts a weak-error study: <c>WeakErrorStudy.For&lt;Quadratic&gt;()</c>.</summary>
public static class WeakErrorStudy
{
    /// <summary>A study of <typeparamref name="TModel"/> with the defaults of <see cref="WeakErrorStudy{TModel}"/>.</summary>
    public static WeakErrorStudy<TModel> For<TModel>() where TModel : IRiskModel => new();
}

/// <summary>
/// The weak-error study of math.md §7: for every model, observable and α on the ladder, ê(α) = E f(SGD) − E f(model)
/// with its standard error, local rates, the weighted least-squares order with a path-bootstrap SE, the solver-bias
/// self-check at h/2 (§5.8), and a verdict.
/// </summary>
/// <remarks>
/// Variance reduction (§7.3), each keeping every marginal law exact: one Brownian path per Monte Carlo path drives SGD
/// (θᵢ = m + S^{1/2}ΔBᵢ/√α for a normal law, quantile coupling for a finite scalar law), every continuous model, every
/// α-level and the h/2 rerun; optional antithetic pairs; and when E f(SGD) is known exactly (user-supplied, the
/// exact-moment engine for <see cref="Observable.Quadratic"/> observables of models affine in x, or exact enumeration of a
/// small discrete P) it replaces the SGD Monte Carlo, with the coupled SGD kept as a control variate.
/// Defaults: T = 1, α ∈ {1/8, 1/16, 1/32, 1/64}, models SME-1, SME-2, SMF-2, 10 000 paths, SH2 with K = 4,
/// solver check on, 200 bootstrap replicates, verdict tolerance 0.3.
/// </remarks>
/// <example><code>
/// var result = WeakErrorStudy.For&lt;Quadratic&gt;()
///     .StartingPoints([1.0, 0.5, -0.5])
///     .Observable(Observable.OnePoint("|x|²", x =&gt; x[0] * x[0] + x[1] * x[1] + x[2] * x[2]))
///     .Ladder(horizon: 1, steps: [8, 16, 32, 64])
///     .Paths(20_000)
///     .Run();
/// Console.WriteLine(result);          // a text table
/// result.WriteCsv("study.csv");        // every number, one row per level
/// result.WriteJson("study.json");      // with the full configuration
/// </code></example>
public sealed partial class WeakErrorStudy<TModel> where TModel : IRiskModel
{
    private readonly List<Observable> _observables = [];
    private List<ContinuousModel> _models = [ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2];
    private List<double[]> _points = [];
    private Law? _law;
    private double _horizon = 1;
    private int[] _steps = [8, 16, 32, 64];
    private int _paths = 10_000, _threads = 1, _substeps = 4, _batch = 1, _features = 4, _bootstrap = 200;
    private ulong _seed = 1;
    private SchemeKind _scheme = SchemeKind.StochasticHeun;
    private bool _antithetic, _solverCheck = true;
    private double _tolerance = 0.3;
    private long _enumerationLimit = 1 << 20;
    private Func<double, Observable, double?>? _exactSgd;
    private SgdSampling _sampling = SgdSampling.Auto;
    private bool _modelControl;
    private Action<StudyProgress>? _progress;
    private int? _pathBudget;
    private double? _timeBudget;
    private MeanAccuracy? _meanAccuracy;
    private bool _surrogate = true;
    private int _surrogateOrder = 2;
    private bool _adaptiveLadder = true;
    private int? _grid;
    private int? _fixedReplicas;
    private int _replicas = 1;

    /// <summary>The law of θ (default: the model's declared law).</summary>
    public WeakErrorStudy<TModel> Law(Law law) { _law = law ?? throw new ArgumentNullException(nameof(law)); return this; }

    /// <summary>The starting points u₁..uₙ (default: one point, every coordinate 1). Two-point observables need n ≥ 2.</summary>
    public WeakErrorStudy<TModel> StartingPoints(params double[][] points) { _points = points?.ToList() ?? throw new ArgumentNullException(nameof(points)); return this; }

    /// <summary>Adds an observable (at least one is required).</summary>
    public WeakErrorStudy<TModel> Observable(Observable observable) { _observables.Add(observable ?? throw new ArgumentNullException(nameof(observable))); return this; }

    /// <summary>Adds a one-point observable f(x).</summary>
    public WeakErrorStudy<TModel> Observable(string name, PointFunction f) => Observable(Study.Observable.OnePoint(name, f));

    /// <summary>Adds a two-point observable f(x₁, x₂).</summary>
    public WeakErrorStudy<TModel> Observable(string name, PairFunction f) => Observable(Study.Observable.TwoPoint(name, f));

    /// <summary>The α-ladder αⱼ = T/Nⱼ; every Nⱼ must divide the largest (e.g. 8, 16, 32, 64).</summary>
    public WeakErrorStudy<TModel> Ladder(double horizon, params int[] steps) { _horizon = horizon; _steps = steps ?? throw new ArgumentNullException(nameof(steps)); return this; }

    /// <summary>The continuous models to compare with SGD (default SME-1, SME-2, SMF-2).</summary>
    public WeakErrorStudy<TModel> Models(params ContinuousModel[] models) { _models = models?.ToList() ?? throw new ArgumentNullException(nameof(models)); return this; }

    /// <summary>Monte Carlo paths per level.</summary>
    public WeakErrorStudy<TModel> Paths(int paths) { _paths = paths; return this; }

    /// <summary>
    /// Adaptive path budget: the study starts with <see cref="Paths"/> paths (the first batch) and adds deterministic batches
    /// (each doubling to quadrupling the total, sized from the observed |ê|/SE) until every level of every fit has
    /// |ê|/SE ≥ 5 or <paramref name="maxPaths"/> paths are used. Path p always draws the randomness of index p, so the
    /// result equals a single run with <c>.Paths(n)</c> for the n reported in the configuration: bit-reproducible.
    /// </summary>
    public WeakErrorStudy<TModel> PathBudget(int maxPaths) { _pathBudget = maxPaths; return this; }

    /// <summary>
    /// The ladder rule of the adaptive budget (default on; applies only with <see cref="PathBudget"/> or <see cref="TimeBudget"/>):
    /// when, after a batch, some fit has fewer than three levels resolved or within reach of the budget, the level of twice the
    /// coarsest α is added (at most two levels, never below two SGD steps) and simulated for every path used so far. The
    /// ladder actually used is in the result (<see cref="StudyConfiguration.Alphas"/>); a rerun with that ladder and the paths
    /// used reproduces the numbers bit for bit, because the finest level (and so the Brownian grid) never changes. An added
    /// level enters the fit like any other: the fit window (<see cref="AsymptoticWindow"/>) leaves it out when ê changes sign
    /// after it or its local rate disagrees with the finer levels' (pre-asymptotic).
    /// </summary>
    public WeakErrorStudy<TModel> AdaptiveLadder(bool on = true) { _adaptiveLadder = on; return this; }

    /// <summary>
    /// SGD runs per path R (default: 1, or chosen by the study's rule with an adaptive budget). Each path's SGD value is the
    /// mean of R runs: run 0 keeps the path's coupling to the models, the others have randomness of their own. This helps
    /// when SGD's variance dominates and the coupling is weak (e.g. a gradient even in θ under a symmetric law, which no
    /// Brownian coupling can correlate with the models). With a budget and no explicit R, R = 8 is used when the first
    /// batch predicts at most 0.7 of the variance at every level; the report gives R (repeat a run with <c>.SgdReplicas(R)</c>).
    /// </summary>
    public WeakErrorStudy<TModel> SgdReplicas(int replicas) { _fixedReplicas = replicas; return this; }

    /// <summary>
    /// The fine Brownian grid, in steps over [0, T] (default N_max·K·2 with the solver check, N_max·K·4 with Talay–Tubaro and
    /// the check): every level's N·K (and 2N·K for the check) must divide it. Only needed to repeat a run whose ladder rule
    /// dropped the finest level: pass the reported <see cref="StudyConfiguration.BrownianGridSteps"/>.
    /// </summary>
    public WeakErrorStudy<TModel> BrownianGrid(int fineSteps) { _grid = fineSteps; return this; }

    /// <summary>
    /// A wall-clock budget for the adaptive batches: a batch is started only when it and the h/2 solver check after it are
    /// predicted to end inside the budget (from the measured cost per path of the last batch); the first batch starts with two
    /// probes of 2 paths (the second measures the cost per path without the one-off setup) and is cut to what fits. Time decides only
    /// at batch boundaries and the paths used are recorded, so a rerun with <c>.Paths(n)</c> reproduces the numbers; the
    /// path budget alone is the reproducible choice.
    /// </summary>
    public WeakErrorStudy<TModel> TimeBudget(double seconds) { _timeBudget = seconds; return this; }

    /// <summary>
    /// The study's default accuracy of the adaptive rule Q: relative 1e-3 with at most <see cref="SdeSimulator{TModel}.MaxAtoms"/>
    /// nodes, so that the SMF noise is exact for Q and every drift evaluation stays cheap. SGD and the models both see Q, so the
    /// weak-error comparison is exact for Q whatever its distance to P; that distance is the error estimate in the report.
    /// </summary>
    private static readonly FlowDsl.MeanAccuracy DefaultMeanAccuracy = new(1e-3, SdeSimulator<TModel>.MaxAtoms);

    /// <summary>
    /// Accuracy of the mean quantities when no finite rule is exact (non-polynomial risk under a continuous law): the
    /// relative tolerance of the adaptive tensor Gauss rule Q (study default 1e-3, at most 512 nodes) and its largest size.
    /// SGD and every model see Q (the comparison is exact for Q); the report gives Q's estimated distance to P.
    /// </summary>
    public WeakErrorStudy<TModel> MeanAccuracy(double tolerance, int maxNodes = 20_000) { _meanAccuracy = new FlowDsl.MeanAccuracy(tolerance, maxNodes); return this; }

    /// <summary>
    /// Surrogate control variates (default on): when E f(SGD) is simulated, for one starting point and one one-point
    /// observable, D = f(SGD) − f(model) is regressed on controls of known mean from SGD and each model expanded to second
    /// order in the noise along its deterministic path, driven by the same θᵢ and Brownian increments (math.md §7.3.4:
    /// <see cref="SgdSurrogate{TModel}"/>, <see cref="ModelSurrogate"/>), so only the third-order remainder is left to
    /// Monte Carlo. The report gives the variance reduction factor per level. With <paramref name="order"/> = 1 only the
    /// first-order controls are used (the linearised model).
    /// </summary>
    public WeakErrorStudy<TModel> SurrogateControlVariates(bool on = true, int order = 2)
    {
        if (order is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(order), order, "The surrogate's order must be 1 or 2.");
        (_surrogate, _surrogateOrder) = (on, order);
        return this;
    }

    /// <summary>The seed.</summary>
    public WeakErrorStudy<TModel> Seed(ulong seed) { _seed = seed; return this; }

    /// <summary>Worker threads (results are identical for any count).</summary>
    public WeakErrorStudy<TModel> Threads(int threads) { _threads = threads; return this; }

    /// <summary>The SDE solver and K, its substeps per SGD step.</summary>
    public WeakErrorStudy<TModel> Scheme(SchemeKind scheme, int substeps = 4) { _scheme = scheme; _substeps = substeps; return this; }

    /// <summary>The minibatch size B of SGD (noise √(α/B) in the models).</summary>
    public WeakErrorStudy<TModel> Batch(int batch) { _batch = batch; return this; }

    /// <summary>M, Monte Carlo features for SMF noise without an exact factorization.</summary>
    public WeakErrorStudy<TModel> Features(int features) { _features = features; return this; }

    /// <summary>Antithetic Brownian pairs (paths must be even).</summary>
    public WeakErrorStudy<TModel> Antithetic(bool on = true) { _antithetic = on; return this; }

    /// <summary>How SGD draws θ (default: coupled to the Brownian path where possible).</summary>
    public WeakErrorStudy<TModel> Sampling(SgdSampling sampling) { _sampling = sampling; return this; }

    /// <summary>Run every model again at h/2 to estimate the solver bias (default on).</summary>
    public WeakErrorStudy<TModel> SolverCheck(bool on) { _solverCheck = on; return this; }

    /// <summary>Path-bootstrap replicates for SE(p̂) (0 or 1: use the WLS SE).</summary>
    public WeakErrorStudy<TModel> Bootstrap(int replicates) { _bootstrap = replicates; return this; }

    /// <summary>The minimum verdict tolerance: pass when |p̂ − p| ≤ max(3·SE, tolerance) (default 0.3 for Monte Carlo).</summary>
    public WeakErrorStudy<TModel> Tolerance(double tolerance) { _tolerance = tolerance; return this; }

    /// <summary>Exact E f(SGD) at α for an observable, or null where unknown (e.g. from the exact-moment engine or a closed form).</summary>
    public WeakErrorStudy<TModel> ExactSgd(Func<double, Observable, double?> expectation) { _exactSgd = expectation; return this; }

    /// <summary>
    /// Model-side control variates (math.md §7.3.4): each model is paired with its partner of the other drift order and the
    /// same noise (SME-1 ↔ SME-2, SMF-1 ↔ SMF-2), simulated on the same Brownian path, whose expectation the exact-moment
    /// engine gives; E f(model) is estimated as mean[f(X) − γ(f(X_partner) − E f(X_partner))] with the regression γ.
    /// Applies to <see cref="Study.Observable.Quadratic"/>-type observables of models affine in x; essential when SGD's noise
    /// is uncorrelated with any Brownian path (e.g. linear regression, where G is a second-order polynomial of Gaussian θ).
    /// </summary>
    public WeakErrorStudy<TModel> ModelControlVariates(bool on = true) { _modelControl = on; return this; }

    /// <summary>Largest K^N for which SGD over a finitely supported law is enumerated exactly (default 2²⁰; 0 disables).</summary>
    public WeakErrorStudy<TModel> EnumerationLimit(long limit) { _enumerationLimit = limit; return this; }

    /// <summary>Calls <paramref name="report"/> after each α-level and model (for progress bars; called on the calling thread).</summary>
    public WeakErrorStudy<TModel> OnProgress(Action<StudyProgress> report) { _progress = report ?? throw new ArgumentNullException(nameof(report)); return this; }

    /// <summary>Runs the study.</summary>
    public WeakErrorResult Run()
    {
        var clock = Stopwatch.StartNew();
        var setup = Prepare(_paths);
        var (mean, _, points, alphas, baseOptions, _, engine, simulated) = setup;
        var steps = _steps.ToArray();
        var levels = new LevelData[alphas.Length];
        var noise = new Dictionary<string, string>();
        var budget = new PathBudgetRun(_paths, _pathBudget, _timeBudget, _antithetic, _solverCheck ? CheckPaths : _ => 0, () => _modelSeconds);
        // With a time budget the first batch starts with two probes of ProbePaths paths (the second measures the cost per path
        // without the one-off setup) and keeps only what fits; path p draws the randomness of index p, so the pieces give the
        // numbers of one batch, and the budget's rules run once the first batch is complete.
        var firstBatch = _paths;
        if (_timeBudget is not null && _paths >= 4 * ProbePaths)
        {
            for (var probe = 0; probe < 2; probe++)
            {
                for (var j = 0; j < alphas.Length; j++)
                    levels[j] = RunLevel(mean, engine, simulated, baseOptions with { FirstPath = budget.Used, Paths = ProbePaths, Alpha = alphas[j] }, steps[j], noise, j, alphas.Length, levels[j]);
                budget.Completed(ProbePaths);
            }
            firstBatch = budget.FirstBatchRest(_paths);
        }
        for (var size = firstBatch; size > 0;)
        {
            var batch = baseOptions with { FirstPath = budget.Used, Paths = size };
            for (var j = 0; j < alphas.Length; j++)
                levels[j] = RunLevel(mean, engine, simulated, batch with { Alpha = alphas[j] }, steps[j], noise, j, alphas.Length, levels[j]);
            budget.Completed(size);
            if (budget.Adaptive && _fixedReplicas is null && _replicas == 1 && ReplicasPay(levels))
            {
                // The replica rule: SGD again for every path used so far, R runs per path (cheap next to the models).
                _replicas = RuleReplicas;
                for (var j = 0; j < alphas.Length; j++)
                {
                    var options = baseOptions with { Paths = budget.Used, Alpha = alphas[j] };
                    (levels[j].Sgd, levels[j].SgdControl) = RunSgd(mean, options, Surrogate(mean, options, steps[j], levels[j].SgdExact));
                }
                budget.LevelsAdded($"SGD averaged over {RuleReplicas} runs per path (its variance dominated and the coupling could not pay)");
            }
            while (budget.Adaptive && _adaptiveLadder && FinestOutOfReach(steps, alphas, levels, simulated, engine, points, budget) is { } finest)
            {
                // The ladder rule (math.md §7.4): a finest level no fit can resolve within the budget is dropped (it is the costliest).
                var keep = Enumerable.Range(0, steps.Length).Where(j => j != finest).ToArray();
                budget.LevelDropped($"α = {Reports.AlphaLabel.Format(alphas[finest])} dropped (every fit needs more than 4× the paths the budget allows)", (double)steps[finest] / steps.Sum());
                (steps, alphas, levels) = (keep.Select(j => steps[j]).ToArray(), keep.Select(j => alphas[j]).ToArray(), keep.Select(j => levels[j]).ToArray());
            }
            while (budget.Adaptive && _adaptiveLadder && LadderExtension(steps, alphas, levels, simulated, engine, points, budget) is { } coarser)
            {
                // The documented ladder rule (math.md §7.4): add the level α = T/coarser, simulated for every path used so far.
                var added = RunLevel(mean, engine, simulated, baseOptions with { Paths = budget.Used, Alpha = _horizon / coarser }, coarser, noise, 0, alphas.Length + 1, null);
                var first = steps[0] < steps[^1];
                steps = first ? [coarser, .. steps] : [.. steps, coarser];
                alphas = steps.Select(n => _horizon / n).ToArray();
                levels = first ? [added, .. levels] : [.. levels, added];
                budget.LevelsAdded($"ladder extended by α = {Reports.AlphaLabel.Format(_horizon / coarser)} (a fit had fewer than {LadderTarget} levels within reach of the budget)");
            }
            size = budget.Adaptive ? budget.NextBatch(Resolution(alphas, levels, simulated, engine, points)) : 0;
        }
        if (_solverCheck)
            for (var j = 0; j < alphas.Length; j++)
                levels[j].ModelHalf = RunSolverCheck(mean, baseOptions with { Alpha = alphas[j], Paths = budget.Used }, noise);
        return Finish(setup, alphas, steps, levels, noise, budget, clock.Elapsed);
    }

    /// <summary>What every run shares once the options are validated: the means, the ladder, the base options and the simulated models.</summary>
    private sealed record Setup(MeanRisk<TModel> Mean, int Dimension, IReadOnlyList<double[]> Points, double[] Alphas,
        SimulationOptions BaseOptions, SgdSampling Sampling, AffineGradientMoments? Engine, List<ContinuousModel> Simulated);

    /// <summary>Validates the configuration (refusing one whose <paramref name="pathsInMemory"/> paths do not fit) and builds the <see cref="Setup"/>.</summary>
    private Setup Prepare(int pathsInMemory)
    {
        if (_pathBudget is { } maxPaths && maxPaths < _paths)
            throw new ArgumentOutOfRangeException(nameof(PathBudget), maxPaths, $"The path budget must be at least the first batch of {_paths} paths.");
        if (_timeBudget is { } seconds && !(seconds > 0))
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), seconds, "The time budget must be a positive number of seconds.");
        if (_fixedReplicas is < 1) throw new ArgumentOutOfRangeException(nameof(SgdReplicas), _fixedReplicas, "SGD replicas per path must be at least 1.");
        _replicas = _fixedReplicas ?? 1;
        _surrogates.Clear();
        var mean = new MeanRisk<TModel>(_law, accuracy: (_meanAccuracy ?? DefaultMeanAccuracy) with { Probes = _points.Count > 0 ? _points : null });
        var d = mean.Dimension;
        DenseStudyGuard.ThrowIfTooLarge(d, _threads, TModel.Name); // network scale: refuse up front (issue 15)
        if (_observables.Count == 0) throw new InvalidOperationException("Add at least one observable with .Observable(…).");
        if (_models.Count == 0) throw new InvalidOperationException("Add at least one continuous model with .Models(…).");
        var points = _points.Count > 0 ? _points : [Enumerable.Repeat(1.0, d).ToArray()];
        var needed = _observables.Max(o => o.Points);
        if (points.Count < needed)
            throw new ArgumentException($"A two-point observable needs at least two starting points; {points.Count} given.");
        if (_steps.Length < 2) throw new ArgumentException("The α-ladder needs at least two levels.");
        if (_bootstrap < 0) throw new ArgumentOutOfRangeException(nameof(Bootstrap), _bootstrap, "Bootstrap replicates cannot be negative.");
        var maxSteps = _steps.Max();
        foreach (var n in _steps)
            if (n < 1 || maxSteps % n != 0)
                throw new ArgumentException($"Every step count of the ladder must be positive and divide the largest ({maxSteps}); {n} does not.");
        var alphas = _steps.Select(n => _horizon / n).ToArray();
        var tt = _scheme == SchemeKind.TalayTubaro;
        var factor = (tt ? 2 : 1) * (_solverCheck ? 2 : 1);
        if (_grid is { } grid && (grid < 1 || grid % ((long)maxSteps * _substeps * factor) != 0))
            throw new ArgumentOutOfRangeException(nameof(BrownianGrid), grid,
                $"The Brownian grid must be a positive multiple of N·K·{factor} = {(long)maxSteps * _substeps * factor} (the finest level's solver steps{(factor > 1 ? ", doubled for the h/2 check" : "")}).");
        if ((long)maxSteps * _substeps * factor > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(Scheme), _substeps,
                $"The Brownian grid N·K·{factor} = {maxSteps}·{_substeps}·{factor} steps per path exceeds {int.MaxValue}; use fewer substeps K or a shorter ladder.");
        MemoryBudget.Require(MemoryBudget.StudyBytes(pathsInMemory, alphas.Length, _observables.Count * (1 + 2 * _models.Count * (_solverCheck ? 2 : 1)), points.Count, d),
            $"The weak-error study of {TModel.Name} with {pathsInMemory:N0} paths per level", "use fewer paths");
        var baseOptions = new SimulationOptions
        {
            Horizon = _horizon, Paths = _paths, StartingPoints = points, Sharing = NoiseSharing.NPoint, Seed = _seed,
            Threads = _threads, Batch = _batch, Substeps = _substeps, Scheme = _scheme, Features = _features, Law = mean.Law,
            SgdSampling = _sampling, Antithetic = _antithetic, BrownianGridSteps = _grid ?? maxSteps * _substeps * factor,
            // At most 256 MiB (or 1/16 of the memory) of kept normals: beyond that, paths are drawn per simulation as before.
            BrownianNormals = new Noise.BrownianNormalCache(_seed, _grid ?? maxSteps * _substeps * factor, Math.Min(256L << 20, MemoryBudget.Available / 16)),
        };
        foreach (var a in alphas) (baseOptions with { Alpha = a }).Validate(d, TModel.Name);

        var sampling = SgdSimulator<TModel>.Resolve(_sampling, mean, _batch);
        var engine = ExactEngine(mean.Law);
        var simulated = new List<ContinuousModel>(_models);
        if (_modelControl && engine is not null)
            foreach (var m in _models)
                if (Partner(m) is { } partner && !simulated.Any(x => Same(x, partner))) simulated.Add(partner);
        return new Setup(mean, d, points, alphas, baseOptions, sampling, engine, simulated);
    }

    /// <summary>The order fits, verdicts and configuration from the per-path values of every level of the final ladder.</summary>
    private WeakErrorResult Finish(Setup setup, double[] alphas, int[] steps, LevelData[] levels, Dictionary<string, string> noise, PathBudgetRun budget, TimeSpan elapsed)
    {
        var (mean, _, points, _, baseOptions, sampling, engine, simulated) = setup;
        var orders = new List<OrderEstimate>();
        foreach (var model in _models)
            for (var o = 0; o < _observables.Count; o++)
                orders.Add(Estimate(model, o, alphas, steps, levels, simulated, engine, points, budget));

        var reference = levels.All(l => l.SgdExact.All(e => e))
            ? (levels[0].Sgd is null ? "exact" : "exact, with coupled SGD as control variate")
            : levels.Any(l => l.SgdExact.Any(e => e)) ? "exact where available, else simulated" : "simulated";
        var configuration = new StudyConfiguration(
            TModel.Name, Describe(mean.Law), mean.Description, mean.IsExact, _horizon, alphas, budget.Used, _antithetic, _seed, _threads,
            _scheme.DisplayName(), _substeps, _batch, _features, sampling.ToString(), reference, points, noise, _solverCheck, _bootstrap,
            typeof(WeakErrorStudy).Assembly.GetName().Version?.ToString() ?? "?", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            _modelControl && engine is not null)
        {
            MeanErrorEstimate = mean.Adaptive?.ErrorEstimate ?? (mean.IsExact ? 0 : double.NaN), BrownianGridSteps = baseOptions.BrownianGridSteps!.Value, SgdReplicas = _replicas,
            PathBudget = _pathBudget, TimeBudgetSeconds = _timeBudget, Batches = budget.Totals, BudgetOutcome = budget.Outcome,
            VarianceReduction = VarianceReductionText(sampling, engine),
        };
        return new WeakErrorResult(configuration, orders, elapsed);
    }

    /// <summary>What reduces the variance of ê, for the report (the factor achieved is per level, <see cref="LevelEstimate.VarianceReduction"/>).</summary>
    private string VarianceReductionText(SgdSampling sampling, AffineGradientMoments? engine)
    {
        var parts = new List<string>();
        parts.Add(sampling switch
        {
            SgdSampling.Brownian => "SGD driven by the models' Brownian path (θᵢ = m + S^{1/2}ΔBᵢ/√α)",
            SgdSampling.Quantile => "SGD coupled to the Brownian path by quantiles",
            SgdSampling.Coupled => "SGD coupled to the Brownian path factor by factor (normal factors directly, finite factors and rule axes by quantiles)",
            _ => "SGD not coupled (independent draws)",
        });
        parts.Add("one Brownian path for every model and α-level");
        if (_antithetic) parts.Add("antithetic pairs");
        if (_replicas > 1) parts.Add($"SGD averaged over {_replicas} runs per path (run 0 coupled, the others independent)");
        if (_modelControl && engine is not null) parts.Add("model-side control variates (exact partner expectations)");
        if (_surrogate && _observables.Count == 1 && _observables[0].Points == 1)
            parts.Add("surrogate control variates where E f(SGD) is simulated (SGD and each model expanded to second order in the noise along their deterministic paths, same θᵢ and Brownian increments; first- and second-order controls with exact means)");
        parts.Add("exact E f(SGD) with coupled SGD as control variate where available");
        return string.Join("; ", parts);
    }

    private static string Describe(Law law) => law switch
    {
        NormalLaw n => $"Normal(dimension {n.Dimension})",
        RademacherLaw r => $"Rademacher(±{r.Scale})",
        _ => $"{law.GetType().Name}(dimension {law.Dimension})",
    };

    /// <summary>Per-path observable values at one α: SGD (if simulated) and every model at h (and h/2).</summary>
    private sealed class LevelData
    {
        public required double[][]? Sgd;            // [observable][path]
        public required double[] SgdExactValue;     // per observable, NaN if unknown
        public required bool[] SgdExact;
        public required double[][][] Model;         // [model][observable][path]
        public required double[][][]? ModelHalf;    // [model][observable][path] at h/2
        public double[][]? SgdControl;              // [control][path] surrogate controls of SGD (one observable)
        public double[][]?[] ModelControl = [];     // [model][control][path] surrogate controls of each model
    }

    /// <summary>The exact-moment engine when ∇R is affine in x, batch is 1 and a quadratic observable can use it; else null.</summary>
    private AffineGradientMoments? ExactEngine(Law law)
    {
        if (_batch != 1 || !TModel.Structure.IsAffineInParameters) return null;
        if (!_observables.Any(o => o.OnePointExact is not null || o.TwoPointExact is not null)) return null;
        try { return AffineGradientMoments.FromModel<TModel>(law); }
        catch (ArgumentException) { return null; } // no exact rule for this law: fall back to simulation
    }

    private static bool Same(ContinuousModel a, ContinuousModel b) => a.DriftOrder == b.DriftOrder && a.Noise == b.Noise;

    /// <summary>The model with the other drift order and the same noise (SME-1 ↔ SME-2, SMF-1 ↔ SMF-2), or null.</summary>
    private static ContinuousModel? Partner(ContinuousModel model) => model.Noise switch
    {
        NoiseModel.SmeIndependent => model.DriftOrder == 1 ? ContinuousModel.Sme2 : ContinuousModel.Sme1,
        NoiseModel.Smf => model.DriftOrder == 1 ? ContinuousModel.Smf2 : ContinuousModel.Smf1,
        _ => null,
    };

    /// <summary>The model itself if the exact engine solves it (SME with independent copies, SMF), else null.</summary>
    private static ContinuousModel? ExactlySolved(ContinuousModel model) =>
        model.Noise is NoiseModel.SmeIndependent or NoiseModel.Smf && model.DriftOrder is 1 or 2 ? model : null;

    /// <summary>E f under <paramref name="model"/> (null: SGD) from the exact engine, for a quadratic observable; else null.</summary>
    private static double? ExactFromEngine(AffineGradientMoments? engine, ContinuousModel? model, Observable observable, double alpha, double horizon, IReadOnlyList<double[]> points)
    {
        if (engine is null) return null;
        if (observable.OnePointExact is { } one)
            return one(model is null ? ExactMoments.SgdOnePoint(engine, alpha, horizon, points[0]) : ExactMoments.OnePoint(engine, model, alpha, horizon, points[0]));
        if (observable.TwoPointExact is { } two && points.Count > 1)
            return two(model is null
                ? ExactMoments.SgdTwoPoint(engine, alpha, horizon, points[0], points[1])
                : ExactMoments.TwoPoint(engine, model, alpha, horizon, points[0], points[1]));
        return null;
    }

    /// <summary>
    /// Simulates one batch of paths at one α and appends it to <paramref name="previous"/> (exact SGD values are computed
    /// with the first batch only; so is the h/2 solver check, on the first paths of that batch).
    /// </summary>
    private LevelData RunLevel(MeanRisk<TModel> mean, AffineGradientMoments? engine, List<ContinuousModel> models, SimulationOptions options, int steps,
        Dictionary<string, string> noise, int level, int levelCount, LevelData? previous)
    {
        var exact = previous?.SgdExactValue ?? new double[_observables.Count];
        var isExact = previous?.SgdExact ?? new bool[_observables.Count];
        if (previous is null)
        {
            var enumerated = _batch == 1 && _enumerationLimit > 0 && engine is null
                ? SgdEnumeration<TModel>.Expectations(mean.Law, options.Alpha, steps, options.StartingPoints, _observables, _enumerationLimit)
                : null;
            for (var o = 0; o < _observables.Count; o++)
            {
                var value = _exactSgd?.Invoke(options.Alpha, _observables[o])
                            ?? ExactFromEngine(engine, null, _observables[o], options.Alpha, options.Horizon, options.StartingPoints)
                            ?? (mean.IsExact ? enumerated?[o] : null); // enumeration sums over P; with inexact means SGD must see Q
                isExact[o] = value.HasValue;
                exact[o] = value ?? double.NaN;
            }
        }
        var sgdSampling = SgdSimulator<TModel>.Resolve(options.SgdSampling, mean, options.Batch);
        // Simulate SGD unless its expectations are exact and it cannot serve as a coupled control variate.
        var simulateSgd = !isExact.All(e => e) || sgdSampling != SgdSampling.Law;
        var surrogate = simulateSgd ? Surrogate(mean, options, steps, isExact) : null;
        double[][]? sgd = null;
        double[][]? sgdControl = null;
        if (simulateSgd) (sgd, sgdControl) = RunSgd(mean, options, surrogate);

        var model = new double[models.Count][][];
        var modelControl = new double[][]?[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            if (SameOnePointLaw(mean, models, m, options) is { } twin)
            {
                // One starting point and the same drift and noise realisation: the same bits, simulated once (math.md §3.4 d).
                (model[m], modelControl[m]) = (model[twin].Select(v => (double[])v.Clone()).ToArray(), modelControl[twin]?.Select(c => (double[])c.Clone()).ToArray());
                noise[models[m].Name] = new SdeSimulator<TModel>(mean, models[m], options).NoiseDescription + $" — the same paths as {models[twin].Name}";
            }
            else
            {
                var started = Stopwatch.GetTimestamp();
                (model[m], modelControl[m]) = RunModel(mean, models[m], options, options.Substeps, noise, surrogate is not null ? steps : null);
                _modelSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            }
            _progress?.Invoke(new StudyProgress(TModel.Name, models[m].Name, options.Alpha, level * models.Count + m + 1, levelCount * models.Count));
        }
        if (sgdControl is null) Array.Clear(modelControl);
        if (previous is null)
            return new LevelData { Sgd = sgd, SgdExactValue = exact, SgdExact = isExact, Model = model, ModelHalf = null, SgdControl = sgdControl, ModelControl = modelControl };
        return new LevelData
        {
            Sgd = sgd is null ? null : Append(previous.Sgd!, sgd), SgdExactValue = exact, SgdExact = isExact,
            Model = previous.Model.Select((p, m) => Append(p, model[m])).ToArray(), ModelHalf = previous.ModelHalf,
            SgdControl = sgdControl is null || previous.SgdControl is null ? null : Append(previous.SgdControl, sgdControl),
            ModelControl = modelControl.Select((c, m) => c is null || previous.ModelControl[m] is not { } p ? null : Append(p, c)).ToArray(),
        };
    }

    /// <summary>SGD's surrogate of a level when its controls apply (one point, one one-point observable, E f(SGD) simulated), built once per level.</summary>
    private SgdSurrogate<TModel>? Surrogate(MeanRisk<TModel> mean, SimulationOptions options, int steps, bool[] isExact)
    {
        if (!(_surrogate && !isExact[0] && _observables.Count == 1 && _observables[0].Points == 1
              && options.StartingPoints.Count == 1 && options.Scheme != SchemeKind.TalayTubaro)) return null;
        if (_surrogates.TryGetValue(("SGD", steps), out var cached)) return (SgdSurrogate<TModel>?)cached;
        var built = SgdSurrogate<TModel>.Build(mean, options.StartingPoints[0], options.Alpha, steps, options.Batch, _observables[0], _surrogateOrder == 2);
        _surrogates[("SGD", steps)] = built;
        return built;
    }

    /// <summary>
    /// A model's surrogate at the level of <paramref name="steps"/> SGD steps, built once per level; null when its noise has no
    /// deterministic columns (Monte Carlo features) or its tensors would exceed 256 MiB (e.g. hundreds of SMF atoms on a long path).
    /// </summary>
    private ModelSurrogate? Surrogate(MeanRisk<TModel> mean, ContinuousModel model, SimulationOptions options, int substeps, int steps)
    {
        var key = ($"{model.Name}, K = {substeps}", steps);
        if (_surrogates.TryGetValue(key, out var cached)) return (ModelSurrogate?)cached;
        var coefficients = new SdeSimulator<TModel>(mean, model, options, substeps).SurrogateCoefficients();
        // Its tensors hold about (2d·m + 2d²) doubles per solver step (m noise columns): beyond 2²⁵ (256 MiB) the model goes without.
        var d = mean.Dimension;
        if (coefficients is not null && (long)steps * substeps * (2L * d * coefficients.Rank + 2L * d * d) > 1L << 25) coefficients = null;
        var built = coefficients is null ? null
            : ModelSurrogate.Build(mean, coefficients, options.StartingPoints[0], options.Alpha / substeps, steps * substeps, _observables[0], _surrogateOrder == 2);
        _surrogates[key] = built;
        return built;
    }

    /// <summary>Paths of each of the two probes that start the first batch under a time budget (even, for antithetic pairs).</summary>
    private const int ProbePaths = 2;

    /// <summary>Surrogate controls per path and side: (C₁, C₂ − E C₂), math.md §7.3.4.</summary>
    private const int SurrogateControls = 2;

    /// <summary>The surrogates of the current run by (SGD or model name, SGD steps of the level).</summary>
    private readonly Dictionary<(string, int), object?> _surrogates = [];

    /// <summary>Seconds spent simulating the continuous models in the batches (the time budget costs the h/2 check from it).</summary>
    private double _modelSeconds;

    /// <summary>Per-path values of every observable under SGD (the mean of <see cref="_replicas"/> runs per path) and its surrogate controls.</summary>
    private (double[][] Values, double[][]? Control) RunSgd(MeanRisk<TModel> mean, SimulationOptions options, SgdSurrogate<TModel>? surrogate)
    {
        var simulator = new SgdSimulator<TModel>(mean, options) { Controls = surrogate?.Controls(), Replicas = _replicas };
        var values = Observe(simulator.Run(), $"SGD at α = {Reports.AlphaLabel.Format(options.Alpha)}");
        return (values.Select(v => ReplicaMeans(v, _replicas)).ToArray(), simulator.Control?.Select(c => ReplicaMeans(c, _replicas)).ToArray());
    }

    private static double[] ReplicaMeans(double[] runs, int replicas)
    {
        if (replicas == 1) return runs;
        var means = new double[runs.Length / replicas];
        for (var p = 0; p < means.Length; p++)
        {
            double sum = 0;
            for (var r = 0; r < replicas; r++) sum += runs[p * replicas + r];
            means[p] = sum / replicas;
        }
        return means;
    }

    /// <summary>SGD replicas per path chosen by the rule of <see cref="SgdReplicas"/>.</summary>
    private const int RuleReplicas = 8;

    /// <summary>
    /// The replica rule after the first batch: with s and m the per-unit values of SGD and a model, each less its own
    /// surrogate control, R replicas change Var(s − m) = Var s + Var m − 2Cov(s, m) into Var m + (Var s − 2Cov)/R. They are
    /// used when that predicts at most 0.7 of the variance at every level and for every model (the coupling cannot pay for
    /// itself; SGD costs a small fraction of a path).
    /// </summary>
    private bool ReplicasPay(LevelData[] levels)
    {
        if (levels.Any(l => l.Sgd is null || l.SgdExact.Any(e => e))) return false;
        foreach (var level in levels)
            for (var o = 0; o < _observables.Count; o++)
            {
                var sgd = Controlled(PathStatistics.Units(level.Sgd![o], _antithetic), level.SgdControl);
                for (var m = 0; m < _models.Count; m++)
                {
                    var model = Controlled(PathStatistics.Units(level.Model[m][o], _antithetic), level.ModelControl.Length > m ? level.ModelControl[m] : null);
                    var (vs, vm, c) = (Variance(sgd), Variance(model), Covariance(sgd, model));
                    var now = vs + vm - 2 * c;
                    if (!(now > 0) || vm + (vs - 2 * c) / RuleReplicas > 0.7 * now) return false;
                }
            }
        return true;
    }

    /// <summary>x less its regression on its controls (units), or x without any.</summary>
    private double[] Controlled(double[] x, double[][]? controls) =>
        controls is null ? x : SurrogateAdjusted(x, controls.Select(c => PathStatistics.Units(c, _antithetic)).ToArray());

    private static double Covariance(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - ma) * (b[i] - mb);
        return a.Length > 1 ? sum / (a.Length - 1) : 0;
    }

    /// <summary>
    /// The solver check of math.md §5.8 after the last batch: every compared model again at h/2 on the first
    /// <see cref="CheckPaths"/> of all the paths used (the same paths, so E_h − E_{h/2} has a small variance).
    /// </summary>
    private double[][][] RunSolverCheck(MeanRisk<TModel> mean, SimulationOptions options, Dictionary<string, string> noise, PathRange? paths = null)
    {
        var check = paths is { } r ? options with { FirstPath = r.First, Paths = r.Count } : options with { FirstPath = 0, Paths = CheckPaths(options.Paths) };
        var result = new double[_models.Count][][];
        var descriptions = new Dictionary<string, string>(noise); // the h/2 runs do not change the report's noise descriptions
        for (var m = 0; m < _models.Count; m++)
            result[m] = SameOnePointLaw(mean, _models, m, check) is { } twin
                ? result[twin]
                : RunModel(mean, _models[m], check, 2 * options.Substeps, descriptions, null).Values;
        return result;
    }

    /// <summary>
    /// An earlier model whose simulation of one starting point is bit-identical to model <paramref name="m"/>'s: the same
    /// drift order, and both noises realised by Σ(x)^{1/2}dW on the same Brownian stream (an SME, or an SMF whose one-point
    /// law is the SME's, <see cref="SdeSimulator{TModel}.SmfByRoot"/>). Null when there is none.
    /// </summary>
    private static int? SameOnePointLaw(MeanRisk<TModel> mean, IReadOnlyList<ContinuousModel> models, int m, SimulationOptions options)
    {
        if (options.StartingPoints.Count != 1) return null;
        bool ByRoot(ContinuousModel model) => model.Noise switch
        {
            NoiseModel.SmeIndependent or NoiseModel.SmeSharedBrownian => true,
            NoiseModel.Smf => SdeSimulator<TModel>.SmfByRoot(mean, options),
            _ => false,
        };
        if (!ByRoot(models[m])) return null;
        for (var k = 0; k < m; k++)
            if (models[k].DriftOrder == models[m].DriftOrder && ByRoot(models[k])) return k;
        return null;
    }

    private static double[][] Append(double[][] first, double[][] second) => first.Select((a, o) => a.Concat(second[o]).ToArray()).ToArray();

    /// <summary>Paths of the h/2 solver check: a quarter of the (first batch of) paths, at least 500 (even, for antithetic pairs).</summary>
    private static int CheckPaths(int paths) => Math.Min(paths, Math.Max(500, paths / 4 / 2 * 2));

    /// <summary>Per-path values of every observable under <paramref name="model"/> with K = <paramref name="substeps"/> (Talay–Tubaro: 2f(Y^{h/2}) − f(Y^h)).</summary>
    /// <param name="mean">The mean quantities.</param>
    /// <param name="model">The continuous model.</param>
    /// <param name="options">The level's options.</param>
    /// <param name="substeps">K.</param>
    /// <param name="noise">Receives the noise description.</param>
    /// <param name="surrogateSteps">The level's SGD steps when the model's surrogate controls are wanted, else null.</param>
    private (double[][] Values, double[][]? Control) RunModel(MeanRisk<TModel> mean, ContinuousModel model, SimulationOptions options, int substeps,
        Dictionary<string, string> noise, int? surrogateSteps)
    {
        var surrogate = surrogateSteps is { } n ? Surrogate(mean, model, options, substeps, n) : null;
        var simulator = new SdeSimulator<TModel>(mean, model, options, substeps) { Controls = surrogate?.Controls() };
        noise[model.Name] = simulator.NoiseDescription;
        var where = $"{model.Name} at α = {Reports.AlphaLabel.Format(options.Alpha)}, K = {substeps}";
        var coarse = Observe(simulator.Run(), where);
        if (options.Scheme != SchemeKind.TalayTubaro) return (coarse, simulator.Control);
        var fine = Observe(new SdeSimulator<TModel>(mean, model, options, 2 * substeps).Run(), $"{where} (Talay–Tubaro, 2K)");
        for (var o = 0; o < coarse.Length; o++)
            for (var p = 0; p < coarse[o].Length; p++) coarse[o][p] = 2 * fine[o][p] - coarse[o][p];
        return (coarse, null);
    }

    private double[][] Observe(Ensemble ensemble, string where)
    {
        var d = ensemble.Dimension;
        var n = ensemble.PointsPerPath;
        var values = new double[_observables.Count][];
        for (var o = 0; o < values.Length; o++) values[o] = new double[ensemble.Paths];
        var first = new double[d];
        var second = new double[d];
        for (var path = 0; path < ensemble.Paths; path++)
        {
            ensemble.Load(path * n, first);
            ensemble.Load(path * n + (n > 1 ? 1 : 0), second);
            for (var o = 0; o < values.Length; o++)
                values[o][path] = ObservableException.Finite(_observables[o].Evaluate(first, second), _observables[o].Name, where, path, first);
        }
        return values;
    }

    /// <summary>Per-unit differences D of one level, with E f(SGD), E f(model) ± SE and the variance reduction factor achieved.</summary>
    private (double[] Units, double SgdMean, double ModelMean, double ModelSe, double VarianceReduction) Differences(
        int m, int o, double alpha, LevelData level, int partner, ContinuousModel? partnerKind, AffineGradientMoments? engine, IReadOnlyList<double[]> points)
    {
        var observable = _observables[o];
        var raw = level.Model[m][o];
        var x = PathStatistics.Units(raw, _antithetic);
        if (partnerKind is { } kind && ExactFromEngine(engine, kind, observable, alpha, _horizon, points) is { } partnerExact)
        {
            // Model-side control variate: X − γ(X_partner − E X_partner), γ = Cov(X, X_partner)/Var(X_partner).
            var r = PathStatistics.Units(level.Model[partner][o], _antithetic);
            var gamma = PathStatistics.Regression(x, r);
            var adjusted = new double[x.Length];
            for (var i = 0; i < x.Length; i++) adjusted[i] = x[i] - gamma * (r[i] - partnerExact);
            x = adjusted;
        }
        var (modelMean, modelSe) = PathStatistics.MeanAndError(x);
        var sgd = level.Sgd is null ? null : PathStatistics.Units(level.Sgd[o], _antithetic);
        var d = new double[x.Length];
        double sgdMean;
        // Baseline: the variance per unit of independent, uncontrolled estimates of E f(SGD) and E f(model).
        var baseline = Variance(raw) + (level.SgdExact[o] || level.Sgd is null ? 0 : Variance(level.Sgd[o]));
        if (level.SgdExact[o])
        {
            var exact = level.SgdExactValue[o];
            // Control variate: D = exact + β(sgd − exact) − X, β = Cov(X, sgd)/Var(sgd).
            var beta = sgd is null ? 0 : PathStatistics.Regression(x, sgd);
            for (var i = 0; i < d.Length; i++) d[i] = exact + (sgd is null ? 0 : beta * (sgd[i] - exact)) - x[i];
            sgdMean = exact;
        }
        else
        {
            for (var i = 0; i < d.Length; i++) d[i] = sgd![i] - x[i];
            sgdMean = PathStatistics.MeanAndError(sgd!).Mean;
            if (level.SgdControl is { } cs && level.ModelControl[m] is { } cm)
            {
                // Four controls (C₁, C₂ of SGD and of the model) beat the two sums C₁ + C₂ per side (math.md §7.3.4).
                var used = _surrogateOrder == 1 ? 1 : SurrogateControls;
                d = SurrogateAdjusted(d, [.. cs.Take(used).Select(c => PathStatistics.Units(c, _antithetic)), .. cm.Take(used).Select(c => PathStatistics.Units(c, _antithetic))]);
            }
        }
        var achieved = Variance(d);
        var factor = achieved > 0 ? baseline / (_antithetic ? 2 : 1) / achieved : double.PositiveInfinity;
        return (d, sgdMean, modelMean, modelSe, factor);
    }

    /// <summary>
    /// D − Σₖ bₖCₖ with b the least-squares regression of D on zero-mean controls (centred normal equations, solved by a
    /// Cholesky factorisation that leaves out a control whose residual variance is below 1e-12 of its own: a control that is
    /// constant or a combination of the others, e.g. C₂ ≡ 0 for a linear observable of a linear model), with the residuals'
    /// spread corrected for the fitted coefficients.
    /// </summary>
    internal static double[] SurrogateAdjusted(double[] d, IReadOnlyList<double[]> controls)
    {
        var m = controls.Count;
        var n = d.Length;
        var means = controls.Select(c => c.Average()).ToArray();
        var md = d.Average();
        var gram = new double[m, m];
        var rhs = new double[m];
        for (var i = 0; i < n; i++)
        {
            var y = d[i] - md;
            for (var a = 0; a < m; a++)
            {
                var ca = controls[a][i] - means[a];
                rhs[a] += ca * y;
                for (var b = 0; b <= a; b++) gram[a, b] += ca * (controls[b][i] - means[b]);
            }
        }
        // Cholesky LLᵀ of the Gram matrix over the kept controls; then b = L⁻ᵀL⁻¹r.
        var l = new double[m, m];
        var kept = new bool[m];
        for (var a = 0; a < m; a++)
        {
            var pivot = gram[a, a];
            for (var k = 0; k < a; k++) if (kept[k]) pivot -= l[a, k] * l[a, k];
            if (!(pivot > 1e-12 * gram[a, a])) continue;
            kept[a] = true;
            l[a, a] = Math.Sqrt(pivot);
            for (var b = a + 1; b < m; b++)
            {
                var sum = gram[b, a];
                for (var k = 0; k < a; k++) if (kept[k]) sum -= l[b, k] * l[a, k];
                l[b, a] = sum / l[a, a];
            }
        }
        var z = new double[m];
        for (var a = 0; a < m; a++)
        {
            if (!kept[a]) continue;
            var sum = rhs[a];
            for (var k = 0; k < a; k++) if (kept[k]) sum -= l[a, k] * z[k];
            z[a] = sum / l[a, a];
        }
        var coefficients = new double[m];
        for (var a = m - 1; a >= 0; a--)
        {
            if (!kept[a]) continue;
            var sum = z[a];
            for (var k = a + 1; k < m; k++) if (kept[k]) sum -= l[k, a] * coefficients[k];
            coefficients[a] = sum / l[a, a];
        }
        var adjusted = (double[])d.Clone();
        for (var a = 0; a < m; a++)
        {
            if (coefficients[a] == 0) continue;
            var c = controls[a];
            for (var i = 0; i < n; i++) adjusted[i] -= coefficients[a] * c[i];
        }
        // The coefficients were fitted on these units: their residual variance is biased low by (n − 1 − k)/(n − 1) for k
        // fitted controls. Spreading the units about their mean by √((n − 1)/(n − 1 − k)) keeps the estimate and makes the
        // SE (and the reported variance reduction) honest.
        var fitted = kept.Count(k => k);
        if (fitted > 0 && n - 1 - fitted > 0)
        {
            var centre = adjusted.Average();
            var spread = Math.Sqrt((n - 1.0) / (n - 1 - fitted));
            for (var i = 0; i < n; i++) adjusted[i] = centre + spread * (adjusted[i] - centre);
        }
        return adjusted;
    }

    private static double Variance(double[] values)
    {
        var (mean, _) = PathStatistics.MeanAndError(values);
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return values.Length > 1 ? ss / (values.Length - 1) : 0;
    }

    /// <summary>The control-variate partner of <paramref name="model"/> among the simulated models, or −1, and that model if the exact engine solves it.</summary>
    private (int Partner, ContinuousModel? Kind) PartnerOf(ContinuousModel model, List<ContinuousModel> simulated)
    {
        var partner = _modelControl && Partner(model) is { } p0 ? simulated.FindIndex(x => Same(x, p0)) : -1;
        return (partner, partner >= 0 ? ExactlySolved(simulated[partner]) : null);
    }

    /// <summary>Per fit (model × observable) and level: (5·SE/|ê|)², the factor of paths still needed (≤ 1: resolved).</summary>
    private List<double[]> Resolution(double[] alphas, LevelData[] levels, List<ContinuousModel> simulated, AffineGradientMoments? engine, IReadOnlyList<double[]> points)
    {
        var needs = new List<double[]>();
        for (var m = 0; m < _models.Count; m++)
            for (var o = 0; o < _observables.Count; o++)
            {
                var (partner, kind) = PartnerOf(_models[m], simulated);
                var need = new double[alphas.Length];
                for (var j = 0; j < alphas.Length; j++)
                {
                    var (error, se) = PathStatistics.MeanAndError(Differences(m, o, alphas[j], levels[j], partner, kind, engine, points).Units);
                    need[j] = NeededFactor(error, se);
                }
                needs.Add(need);
            }
        return needs;
    }

    /// <summary>
    /// The ladder rule's other half (math.md §7.4): the index of the finest level when the ladder has more than three levels
    /// and every fit needs more than four times the paths the budget allows to resolve it; else null. The Brownian grid stays that of the
    /// initial ladder (<see cref="StudyConfiguration.BrownianGridSteps"/>), so the other levels keep their bits.
    /// </summary>
    private int? FinestOutOfReach(int[] steps, double[] alphas, LevelData[] levels, List<ContinuousModel> simulated,
        AffineGradientMoments? engine, IReadOnlyList<double[]> points, PathBudgetRun budget)
    {
        if (steps.Length <= LadderTarget) return null;
        var finest = Array.IndexOf(steps, steps.Max());
        var needs = Resolution(alphas, levels, simulated, engine, points);
        return needs.All(fit => budget.FarOutOfReach(fit[finest])) ? finest : null;
    }

    /// <summary>Levels a fit should have within reach of the budget before the ladder rule stops adding coarser ones.</summary>
    private const int LadderTarget = 3;

    /// <summary>At most this many levels are added by the ladder rule.</summary>
    private const int MaxAddedLevels = 2;

    /// <summary>
    /// The ladder rule (math.md §7.4): when some fit has fewer than min(3, levels) levels resolved or within reach of the budget,
    /// and the coarsest level has an even N ≥ 4, the level N/2 (twice the α) is added: larger α has a larger error to resolve
    /// and costs fewer steps per path. At most two levels are added, never below two SGD steps; the report says so.
    /// Returns the new level's N, or null.
    /// </summary>
    private int? LadderExtension(int[] steps, double[] alphas, LevelData[] levels, List<ContinuousModel> simulated,
        AffineGradientMoments? engine, IReadOnlyList<double[]> points, PathBudgetRun budget)
    {
        if (steps.Length - _steps.Length >= MaxAddedLevels) return null;
        var coarsest = steps.Min();
        if (coarsest < 4 || coarsest % 2 != 0) return null;
        var needs = Resolution(alphas, levels, simulated, engine, points);
        var wanted = Math.Min(LadderTarget, steps.Length);
        return needs.Any(fit => fit.Count(budget.Reachable) < wanted) ? coarsest / 2 : null;
    }

    /// <summary>(5·SE/|ê|)²: how many times the current paths make |ê|/SE reach 5 (SE ∝ 1/√n); 0 for an exact level.</summary>
    private static double NeededFactor(double error, double se) =>
        se == 0 ? 0 : error == 0 ? double.PositiveInfinity : Math.Pow(OrderFit.MinimumSignalToNoise * se / Math.Abs(error), 2);

    private OrderEstimate Estimate(ContinuousModel model, int o, double[] alphas, int[] steps, LevelData[] levels, List<ContinuousModel> simulated,
        AffineGradientMoments? engine, IReadOnlyList<double[]> points, PathBudgetRun budget)
    {
        var m = _models.IndexOf(model);
        var (partner, partnerKind) = PartnerOf(model, simulated);
        var observable = _observables[o];
        var units = new double[alphas.Length][];
        var errors = new double[alphas.Length];
        var ses = new double[alphas.Length];
        var sgdMeans = new double[alphas.Length];
        var modelMeans = new double[alphas.Length];
        var modelSes = new double[alphas.Length];
        var reduction = new double[alphas.Length];
        var bias = new double?[alphas.Length];
        var biasSe = new double?[alphas.Length];
        for (var j = 0; j < alphas.Length; j++)
        {
            var level = levels[j];
            (units[j], sgdMeans[j], modelMeans[j], modelSes[j], reduction[j]) = Differences(m, o, alphas[j], level, partner, partnerKind, engine, points);
            (errors[j], ses[j]) = PathStatistics.MeanAndError(units[j]);
            // With exact E f(SGD), report the control-variate estimate of E f(model) implied by ê, so E f(SGD) − E f(model) = ê.
            if (level.SgdExact[o]) (modelMeans[j], modelSes[j]) = (sgdMeans[j] - errors[j], ses[j]);
            if (level.ModelHalf is not null)
            {
                var halfUnits = PathStatistics.Units(level.ModelHalf[m][o], _antithetic);
                var coarseUnits = PathStatistics.Units(level.Model[m][o], _antithetic);
                var diff = new double[halfUnits.Length];
                for (var i = 0; i < diff.Length; i++) diff[i] = coarseUnits[i] - halfUnits[i];
                var (md, sd) = PathStatistics.MeanAndError(diff);
                var p = _scheme.WeakOrder();
                var factor = Math.Pow(2, p) / (Math.Pow(2, p) - 1);
                bias[j] = Math.Abs(md) * factor;
                biasSe[j] = sd * factor;
            }
        }
        var window = AsymptoticWindow.Select(alphas, errors, ses, _tolerance, added: [.. steps.Select(n => !_steps.Contains(n))]);
        var use = window.Use;
        var (order, wlsSe) = OrderFit.Fit(alphas, errors, ses, use);
        var bootSe = _bootstrap >= 2 && double.IsFinite(order)
            ? PathStatistics.Bootstrap(units, _bootstrap, _seed ^ 0xB0075742UL, means => OrderFit.Fit(alphas, means, ses, use).Order)
            : double.NaN;
        var se = double.IsFinite(bootSe) ? bootSe : wlsSe;
        var expected = model.ExpectedOrder(observable.Points);
        var levelEstimates = new List<LevelEstimate>();
        var solverOk = true;
        for (var j = 0; j < alphas.Length; j++)
        {
            var rate = j + 1 < alphas.Length ? OrderFit.LocalRate(alphas[j], errors[j], alphas[j + 1], errors[j + 1]) : null;
            bool? ok = bias[j] is { } b ? OrderVerdict.SolverBiasOk(b, biasSe[j]!.Value, errors[j]) : null;
            if (use[j] && ok == false) solverOk = false;
            var toResolve = budget.PathsToResolve(NeededFactor(errors[j], ses[j]));
            levelEstimates.Add(new LevelEstimate(alphas[j], steps[j], errors[j], ses[j], rate, sgdMeans[j], levels[j].SgdExact[o],
                modelMeans[j], modelSes[j], bias[j], biasSe[j], ok, use[j])
            {
                VarianceReduction = reduction[j], PathsToResolve = toResolve, SecondsToResolve = budget.SecondsFor(toResolve),
            });
        }
        var (pass, conclusive, verdict) = OrderVerdict.Decide(expected, order, se, _tolerance, solverOk, window, OrderFit.FitWithNextOrder(alphas, errors, ses, use));
        if (!window.Conclusive) verdict += budget.Advice(levelEstimates.Where((_, j) => !window.PreAsymptotic[j]).ToList());
        return new OrderEstimate(model.Name, observable.Name, expected, order, se, wlsSe, bootSe, _tolerance, pass, verdict, levelEstimates) { Conclusive = conclusive };
    }
}
