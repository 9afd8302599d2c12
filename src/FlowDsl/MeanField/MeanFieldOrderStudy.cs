using System.Diagnostics;
using FlowDsl.Schemes;
using FlowDsl.Study;

namespace FlowDsl.MeanField;

/// <summary>
/// The weak-error study of math.md §7 for mean-field networks (§4.8): for every model (DD-SF M2, DD-SMF M3, or the
/// ODE M0), measure observable Ψ and α on the ladder, ê(α) = E Ψ(νⁿ_SGD) − E Ψ(μ_T) with its standard error, the
/// weighted least-squares order with a path-bootstrap SE, the SH2 solver-bias check at h/2 (§5.8) and a verdict, as a
/// <see cref="WeakErrorResult"/> (the same tables, CSV, JSON and plots as the risk-model studies).
/// </summary>
/// <remarks>
/// <para><b>Beyond enumeration.</b> When N^K exceeds <see cref="EnumerationLimit"/> (default 2²⁰), particle SGD is
/// simulated by coupled Monte Carlo instead: ê = E[(Ψ(SGD) − Λ_SGD) − (Ψ(G) − Λ_G)] − E[Ψ(flow) − Ψ(G′)], where G
/// and G′ are Gaussian SGD (<see cref="GaussianParticleSgd{TModel}"/>, the Euler–Maruyama step α of the DD-SF: the
/// same law, so their means cancel), SGD's atom is quantile-coupled to G's normals (<see cref="AtomCoupling"/>), Λ
/// are the mean-zero linear responses along the mean path (math.md §7.3.4), and G′ runs on each flow path's own
/// Brownian path. Paths are added in deterministic batches, split between the cheap SGD side and the flows at the
/// least cost, until every level has |ê|/SE ≥ 5 or <see cref="PathBudget"/> is spent; levels use independent keys
/// (SE(p̂) is the WLS SE), the h/2 solver check runs on the pilot batch, and each level's
/// <see cref="LevelEstimate.Effort"/> reports paths, seconds, variance reduction and, when unresolved, the paths and
/// time that would resolve it (also named in the verdict).</para>
/// <para><b>Enumerated.</b> E Ψ(SGD) is exact: all N^K atom sequences of particle SGD are enumerated (§7.1 iv), so the Monte Carlo noise is on
/// the continuous side only. There, one Brownian path per Monte Carlo path (on the finest grid, through
/// <see cref="MeanFieldFlow{TModel}.NoiseSubdivisions"/>) drives every model, every α-level and the h/2 rerun, with
/// optional antithetic pairs (§7.3). Defaults: T = 1, α ∈ {1/4, 1/8, 1/16}, models DD-SF and DD-SMF, 4 000 paths,
/// K = 4, solver check on, 200 bootstrap replicates, verdict tolerance 0.2 (pass when |p̂ − p| ≤ max(3·SE, 0.2));
/// beyond enumeration, a pilot of 1 000 flow paths (8 000 SGD paths) and a budget of 65 536 flow and 4 194 304 SGD
/// paths per level, with a time budget of 60 s (<see cref="TimeBudget"/>: the pilot is cut to what fits and later
/// batches stop at it).</para>
/// <para><b>Speed.</b> When the unit has generated feature lanes and the configuration is small (n·d·N ≤ 16 384), the
/// flows, the Gaussian partners and the SGD side run many Monte Carlo paths per SIMD lane group
/// (<see cref="PathLaneEnsemble"/>), each path drawn once on the finest grid (<see cref="FineBrownianPaths"/>), and the
/// exact enumeration walks its subtrees in parallel: every path and every sum has the bits of the scalar code, for any
/// thread count and SIMD width.</para>
/// </remarks>
public sealed class MeanFieldOrderStudy<TModel> where TModel : IMeanFieldModel
{
    private readonly MeanFieldData _data;
    private readonly double[] _particles;
    private readonly List<MeasureObservable> _observables = [];
    private MeanFieldFlowKind[] _models = [MeanFieldFlowKind.DistributionDependentFlow, MeanFieldFlowKind.DistributionDependentModifiedFlow];
    private double _horizon = 1;
    private int[] _steps = [4, 8, 16];
    private int? _paths;
    private int _substeps = 4, _threads = 1, _bootstrap = 200;
    private int _flowPathBudget = 1 << 16, _sgdPathBudget = 1 << 22;
    private TimeSpan? _timeBudget = DefaultTimeBudget;
    private ulong _seed = 1;
    private bool _antithetic = true, _solverCheck = true;
    private double _tolerance = 0.2;
    private long _enumerationLimit = 1L << 20;
    private Action<StudyProgress>? _progress;

    /// <summary>A study of particle SGD on <paramref name="data"/> from the configuration <paramref name="particles"/> (row-major n×d).</summary>
    public MeanFieldOrderStudy(MeanFieldData data, double[] particles)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(particles);
        var d = TModel.Layout.ParameterCount;
        if (particles.Length == 0 || particles.Length % d != 0)
            throw new ArgumentException($"{TModel.Name}: the particles must be n×d numbers with d = {d}; got {particles.Length}.", nameof(particles));
        _data = data;
        _particles = (double[])particles.Clone();
    }

    /// <summary>Adds a measure observable (at least one is required).</summary>
    public MeanFieldOrderStudy<TModel> Observable(MeasureObservable observable) { _observables.Add(observable ?? throw new ArgumentNullException(nameof(observable))); return this; }

    /// <summary>The continuous models to compare with particle SGD (default DD-SF, DD-SMF).</summary>
    public MeanFieldOrderStudy<TModel> Models(params MeanFieldFlowKind[] models) { _models = models ?? throw new ArgumentNullException(nameof(models)); return this; }

    /// <summary>The α-ladder αⱼ = T/Nⱼ; every Nⱼ must divide the largest.</summary>
    public MeanFieldOrderStudy<TModel> Ladder(double horizon, params int[] steps) { _horizon = horizon; _steps = steps ?? throw new ArgumentNullException(nameof(steps)); return this; }

    /// <summary>
    /// Monte Carlo paths per level and model: all of them when SGD is enumerated (default 4 000); the pilot batch of
    /// the adaptive coupled Monte Carlo study otherwise (default 1 000; the SGD side starts with 8× as many).
    /// </summary>
    public MeanFieldOrderStudy<TModel> Paths(int paths) { _paths = paths; return this; }

    /// <summary>
    /// The budget of the coupled Monte Carlo study (when SGD is not enumerated): at most <paramref name="modelPaths"/>
    /// paths per level and continuous model (default 65 536) and <paramref name="sgdPaths"/> SGD paths per level
    /// (default 4 194 304). Batches are added until every level has |ê|/SE ≥ 5 or these are reached; results are
    /// bit-reproducible for a given seed and budget.
    /// </summary>
    public MeanFieldOrderStudy<TModel> PathBudget(int modelPaths, int sgdPaths)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelPaths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sgdPaths);
        (_flowPathBudget, _sgdPathBudget) = (modelPaths, sgdPaths);
        return this;
    }

    /// <summary>The default time budget of the coupled Monte Carlo study: 60 s, as the risk studies' <c>--budget-seconds</c>.</summary>
    public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The wall-clock budget of the coupled Monte Carlo study (when SGD is not enumerated; default
    /// <see cref="DefaultTimeBudget"/>, 60 s; <see cref="Timeout.InfiniteTimeSpan"/> for none). The pilot runs in pieces:
    /// one unit, then a probe whose seconds give the cost per path, then pieces sized to the time left (a pilot cut short is
    /// noted in <see cref="StudyConfiguration.BudgetOutcome"/>); each later batch is shrunk to the time predicted to be
    /// left, and batches stop when it is spent. Path p always uses the randomness of index p, so when nothing is cut the
    /// numbers are those of a run without a time budget; the numbers depend on the machine's speed only when time decides,
    /// and <see cref="PathBudget"/> alone (with <see cref="Timeout.InfiniteTimeSpan"/> here) is the bit-reproducible choice.
    /// </summary>
    public MeanFieldOrderStudy<TModel> TimeBudget(TimeSpan budget)
    {
        if (budget == Timeout.InfiniteTimeSpan)
        {
            _timeBudget = null;
            return this;
        }
        if (budget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(budget), budget, "The time budget must be positive (or Timeout.InfiniteTimeSpan for none).");
        _timeBudget = budget;
        return this;
    }

    /// <summary>True when particle SGD is enumerated exactly at every level (N^K within the enumeration limit).</summary>
    public bool EnumeratesSgd => Math.Pow(_data.Count, _steps.Max()) <= _enumerationLimit;

    /// <summary>Antithetic Brownian pairs (paths must be even; default on).</summary>
    public MeanFieldOrderStudy<TModel> Antithetic(bool on = true) { _antithetic = on; return this; }

    /// <summary>K, SH2 steps per α (h = α/K).</summary>
    public MeanFieldOrderStudy<TModel> Substeps(int substeps) { _substeps = substeps; return this; }

    /// <summary>The seed.</summary>
    public MeanFieldOrderStudy<TModel> Seed(ulong seed) { _seed = seed; return this; }

    /// <summary>Worker threads over paths (results are identical for any count).</summary>
    public MeanFieldOrderStudy<TModel> Threads(int threads) { _threads = threads; return this; }

    /// <summary>Run every model again at h/2 to estimate the solver bias (default on).</summary>
    public MeanFieldOrderStudy<TModel> SolverCheck(bool on) { _solverCheck = on; return this; }

    /// <summary>Path-bootstrap replicates for SE(p̂) (0 or 1: the WLS SE).</summary>
    public MeanFieldOrderStudy<TModel> Bootstrap(int replicates) { _bootstrap = replicates; return this; }

    /// <summary>The minimum verdict tolerance: pass when |p̂ − p| ≤ max(3·SE, tolerance) (default 0.2).</summary>
    public MeanFieldOrderStudy<TModel> Tolerance(double tolerance) { _tolerance = tolerance; return this; }

    /// <summary>
    /// The largest number of SGD atom sequences N^K that may be enumerated (default 2²⁰); beyond it, particle SGD is
    /// simulated by coupled Monte Carlo with an adaptive path budget.
    /// </summary>
    public MeanFieldOrderStudy<TModel> EnumerationLimit(long limit) { _enumerationLimit = limit; return this; }

    /// <summary>Calls <paramref name="report"/> after each α-level and model (on the calling thread).</summary>
    public MeanFieldOrderStudy<TModel> OnProgress(Action<StudyProgress> report) { _progress = report ?? throw new ArgumentNullException(nameof(report)); return this; }

    /// <summary>Runs the study.</summary>
    /// <exception cref="ArgumentException">An invalid ladder, path count or model, or a ladder too deep to enumerate SGD.</exception>
    public WeakErrorResult Run()
    {
        var clock = Stopwatch.StartNew();
        Validate();
        if (!EnumeratesSgd) return RunCoupled();
        Simulation.MemoryBudget.Require(Simulation.MemoryBudget.StudyBytes(PathsOrDefault, _steps.Length, _models.Length * _observables.Count * (_solverCheck ? 2 : 1), _threads, _particles.Length),
            $"The mean-field order study of {TModel.Name} with {PathsOrDefault:N0} paths per level", "use fewer paths");
        var maxSteps = _steps.Max();
        var alphas = _steps.Select(n => _horizon / n).ToArray();
        // The finest Brownian grid: h₀ = T/(N_max·K·2) with the h/2 check, so a run with N steps of K substeps uses c = h/h₀.
        var refinement = _solverCheck ? 2 : 1;
        var exact = new double[alphas.Length][];
        for (var j = 0; j < alphas.Length; j++)
            exact[j] = [.. _observables.Select(o => MeanFieldWeakError.ExactSgdExpectation<TModel>(_data, _particles, alphas[j], _horizon, o, _enumerationLimit, _threads))];

        // One Brownian path per Monte Carlo path, drawn once on the finest grid for every level, model and the h/2 rerun.
        var noise = new FineBrownianPaths(_seed, _antithetic, 0, PathsOrDefault, maxSteps * _substeps * refinement, _data.Count, _threads);
        var coarse = new double[_models.Length, alphas.Length][,];
        var half = new double[_models.Length, alphas.Length][,];
        var done = 0;
        for (var j = 0; j < alphas.Length; j++)
        {
            var subdivisions = maxSteps / _steps[j] * refinement;
            for (var m = 0; m < _models.Length; m++)
            {
                coarse[m, j] = Simulate(new FlowRun(_models[m], alphas[j], _substeps, subdivisions), noise);
                if (_solverCheck) half[m, j] = Simulate(new FlowRun(_models[m], alphas[j], 2 * _substeps, subdivisions / 2), noise);
                _progress?.Invoke(new StudyProgress(TModel.Name, ModelName(_models[m]), alphas[j], ++done, alphas.Length * _models.Length));
            }
        }

        var orders = new List<OrderEstimate>();
        for (var m = 0; m < _models.Length; m++)
            for (var o = 0; o < _observables.Count; o++)
                orders.Add(Estimate(m, o, alphas, exact, coarse, half));
        return new WeakErrorResult(Configuration(alphas), orders, clock.Elapsed);
    }

    /// <summary>The display name of a model in reports.</summary>
    public static string ModelName(MeanFieldFlowKind kind) => kind switch
    {
        MeanFieldFlowKind.MeanFieldOde => "ODE (M0)",
        MeanFieldFlowKind.DistributionDependentFlow => "DD-SF (M2)",
        _ => "DD-SMF (M3)",
    };

    /// <summary>The weak order theory predicts against particle SGD (math.md §4.8): 2 for the DD-SMF, 1 otherwise.</summary>
    public static int ExpectedOrder(MeanFieldFlowKind kind) => kind == MeanFieldFlowKind.DistributionDependentModifiedFlow ? 2 : 1;

    private void Validate()
    {
        if (_observables.Count == 0) throw new InvalidOperationException("Add at least one measure observable with .Observable(…).");
        if (_models.Length == 0) throw new InvalidOperationException("Add at least one model with .Models(…).");
        foreach (var kind in _models)
            if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(Models), kind, "Unknown mean-field model.");
        if (!(_horizon > 0 && double.IsFinite(_horizon))) throw new ArgumentOutOfRangeException(nameof(Ladder), _horizon, "The horizon T must be a positive number.");
        if (_steps.Length < 2) throw new ArgumentException("The α-ladder needs at least two levels.", nameof(Ladder));
        var maxSteps = _steps.Max();
        foreach (var n in _steps)
            if (n < 1 || maxSteps % n != 0)
                throw new ArgumentException($"Every step count of the ladder must be positive and divide the largest ({maxSteps}); {n} does not.", nameof(Ladder));
        var paths = PathsOrDefault;
        if (paths < 2) throw new ArgumentOutOfRangeException(nameof(Paths), paths, "At least two paths per level are needed for a standard error.");
        if (_antithetic && paths % 2 != 0) throw new ArgumentException($"Antithetic pairs need an even number of paths; got {paths}.", nameof(Paths));
        if (!EnumeratesSgd && _antithetic && (_flowPathBudget % 2 != 0 || _sgdPathBudget % 2 != 0))
            throw new ArgumentException($"Antithetic pairs need even path budgets; got {_flowPathBudget} and {_sgdPathBudget}.", nameof(PathBudget));
        MeanFieldChecks.Substeps(_substeps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_threads, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfNegative(_bootstrap, nameof(Bootstrap));
    }

    /// <summary>The paths (exact mode) or the pilot batch (coupled mode), defaulted per mode.</summary>
    private int PathsOrDefault => _paths ?? (EnumeratesSgd ? 4_000 : 1_000);

    /// <summary>SGD beyond enumeration: the coupled Monte Carlo study with an adaptive budget.</summary>
    private WeakErrorResult RunCoupled()
    {
        var settings = new CoupledStudySettings(_data, _particles, _observables, _models, _horizon, _steps, PathsOrDefault, 8,
            _flowPathBudget, _sgdPathBudget, _timeBudget, _substeps, _antithetic, _solverCheck, _seed, _threads, _tolerance, _progress);
        return CoupledMeanFieldStudy.Run<TModel>(settings, CoupledConfiguration);
    }

    /// <summary>Ψ at T for every path: values[p, o] (many paths per SIMD lane group when the unit has feature lanes).</summary>
    private double[,] Simulate(FlowRun flow, FineBrownianPaths noise) =>
        PathLaneEnsemble.Run<TModel>(_data, _particles, flow, PathsOrDefault, 0, _horizon, _observables, noise, _threads);

    private OrderEstimate Estimate(int m, int o, double[] alphas, double[][] exact, double[,][,] coarse, double[,][,] half)
    {
        var units = new double[alphas.Length][];
        var errors = new double[alphas.Length];
        var ses = new double[alphas.Length];
        var modelMeans = new double[alphas.Length];
        var bias = new double?[alphas.Length];
        var biasSe = new double?[alphas.Length];
        var factor = Math.Pow(2, SchemeKind.StochasticHeun.WeakOrder()) / (Math.Pow(2, SchemeKind.StochasticHeun.WeakOrder()) - 1);
        for (var j = 0; j < alphas.Length; j++)
        {
            var x = PathStatistics.Units(Column(coarse[m, j], o), _antithetic);
            units[j] = [.. x.Select(v => exact[j][o] - v)];
            (errors[j], ses[j]) = PathStatistics.MeanAndError(units[j]);
            modelMeans[j] = exact[j][o] - errors[j];
            if (!_solverCheck) continue;
            var fine = PathStatistics.Units(Column(half[m, j], o), _antithetic);
            var (difference, differenceSe) = PathStatistics.MeanAndError([.. x.Select((v, i) => v - fine[i])]);
            bias[j] = Math.Abs(difference) * factor;
            biasSe[j] = differenceSe * factor;
        }
        var window = AsymptoticWindow.Select(alphas, errors, ses, _tolerance);
        var use = window.Use;
        var (order, wlsSe) = OrderFit.Fit(alphas, errors, ses, use);
        var bootSe = _bootstrap >= 2 && double.IsFinite(order)
            ? PathStatistics.Bootstrap(units, _bootstrap, _seed ^ 0xB0075742UL, means => OrderFit.Fit(alphas, means, ses, use).Order)
            : double.NaN;
        var se = double.IsFinite(bootSe) ? bootSe : wlsSe;
        var levels = new List<LevelEstimate>();
        var solverOk = true;
        for (var j = 0; j < alphas.Length; j++)
        {
            var rate = j + 1 < alphas.Length ? OrderFit.LocalRate(alphas[j], errors[j], alphas[j + 1], errors[j + 1]) : null;
            bool? ok = bias[j] is { } b ? OrderVerdict.SolverBiasOk(b, biasSe[j]!.Value, errors[j]) : null;
            if (use[j] && ok == false) solverOk = false;
            levels.Add(new LevelEstimate(alphas[j], _steps[j], errors[j], ses[j], rate, exact[j][o], true, modelMeans[j], ses[j],
                bias[j], biasSe[j], ok, use[j]));
        }
        var expected = ExpectedOrder(_models[m]);
        var (pass, conclusive, verdict) = OrderVerdict.Decide(expected, order, se, _tolerance, solverOk, window, OrderFit.FitWithNextOrder(alphas, errors, ses, use));
        return new OrderEstimate(ModelName(_models[m]), _observables[o].Name, expected, order, se, wlsSe, bootSe, _tolerance, pass, verdict, levels) { Conclusive = conclusive };
    }

    private static double[] Column(double[,] values, int o)
    {
        var column = new double[values.GetLength(0)];
        for (var p = 0; p < column.Length; p++) column[p] = values[p, o];
        return column;
    }

    private StudyConfiguration Configuration(double[] alphas)
    {
        var d = TModel.Layout.ParameterCount;
        var n = _particles.Length / d;
        var points = Enumerable.Range(0, n).Select(k => _particles.AsSpan(k * d, d).ToArray()).ToArray();
        const string noise = "cylindrical ΔIₖ = Σⱼ √pⱼ Gⱼₖ √h ξⱼ, ξ shared by all particles; one Brownian path per Monte Carlo path for every α and the h/2 rerun";
        return new StudyConfiguration(
            $"{TModel.Name}, n = {n} particles", $"empirical P, N = {_data.Count} atoms", "exact finite sums over the atoms (math.md §4.5)", true,
            _horizon, alphas, PathsOrDefault, _antithetic, _seed, _threads, SchemeKind.StochasticHeun.DisplayName(), _substeps, 1, 0,
            "atom j ~ p, every sequence enumerated", $"exact (all {_data.Count}^K atom sequences)", points,
            _models.ToDictionary(ModelName, _ => noise), _solverCheck, _bootstrap,
            typeof(MeanFieldOrderStudy<>).Assembly.GetName().Version?.ToString() ?? "?",
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, false);
    }

    private StudyConfiguration CoupledConfiguration(double[] alphas, int pilotPaths)
    {
        var exact = Configuration(alphas);
        const string noise = "cylindrical ΔIₖ = Σⱼ √pⱼ Gⱼₖ √h ξⱼ, ξ shared by all particles; each path paired with Gaussian SGD G' on its Brownian path; independent keys per level";
        return exact with
        {
            SgdSampling = "Monte Carlo, atom j = quantile (binary-tree) coupling of the α-interval's Brownian increments ξ, paired with Gaussian SGD G on the same ξ",
            SgdReference = $"coupled Monte Carlo (N^K > {_enumerationLimit:N0}): ê = E[(Ψ(SGD) − Λ) − (Ψ(G) − Λ_G)] − E[Ψ(model) − Ψ(G')], G Gaussian SGD, Λ mean-path linear control variates; adaptive paths (pilot {pilotPaths:N0}, budget {_flowPathBudget:N0} model / {_sgdPathBudget:N0} SGD paths per level)",
            Noise = _models.ToDictionary(ModelName, _ => noise),
            BootstrapReplicates = 0,
            Paths = pilotPaths,
        };
    }
}
