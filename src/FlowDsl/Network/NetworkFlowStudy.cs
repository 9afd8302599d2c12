using System.Diagnostics;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Network;

/// <summary>Starts a network-scale study: <c>NetworkFlowStudy.For&lt;MnistMlp&gt;()</c>.</summary>
public static class NetworkFlowStudy
{
    /// <summary>A matrix-free study of <typeparamref name="TModel"/> (any d; meant for d in the thousands and beyond).</summary>
    public static NetworkFlowStudy<TModel> For<TModel>() where TModel : IRiskModel => new();
}

/// <summary>
/// Minibatch SGD against its continuous models on a large model (a network), matrix-free and in memory O(d) per worker
/// thread: for every α on the ladder, model and observable, ê(α) = E f(SGD) − E f(model) ± SE (math.md §7.2), local
/// rates (§7.4) and |ê(A)| − |ê(B)| ± SE between two models. The law is the empirical law of the data rows; the models
/// use the factor noise √(α/B)·√(1/N)·Σⱼ G(x,θⱼ)ΔWʲ and Hessian-vector products for the order-2 drift, integrated with
/// SH2 (<see cref="FactorNoiseStepper{TModel}"/>). Before it runs, the study estimates memory and time and refuses what
/// does not fit (<see cref="Estimate"/>, <see cref="NetworkBudgetException"/>).
/// </summary>
/// <remarks>
/// Coupling (math.md §7.3): in each path one Brownian path on the finest grid drives every continuous model and every
/// α-level (coarse increments are sums of fine ones), so differences between models are paired; it also drives SGD's
/// batches, as multinomial counts built from the increments by conditional-binomial quantiles (exactly the law of B
/// uniform draws with replacement; the correlation grows with B/N). The SE of ê is that of the per-path differences. For one starting point SME-k and SMF-k have the same
/// law and, driven by the same increments, the same paths: they are simulated once. With two or more starting points SMF
/// shares the increments between the points, SME draws independent ones per point (independent copies, §3.3).
/// Defaults: T = 1, steps {2, 4}, models SME-1 and SMF-2, B = 1, SGD coupled, 8 paths, K = 2 substeps, seed 1, all cores, memory limit
/// the memory available to the process, no time limit.
/// </remarks>
/// <example><code>
/// var result = NetworkFlowStudy.For&lt;MnistMlp&gt;()
///     .Data(trainRows).StartingPoints(x0).Batch(16)
///     .Observable(Observable.OnePoint("test risk", x =&gt; TestRisk(x)))
///     .Ladder(horizon: 0.5, 2, 4).Paths(8)
///     .Run();
/// Console.WriteLine(result);
/// </code></example>
public sealed class NetworkFlowStudy<TModel> where TModel : IRiskModel
{
    private DataRows? _data;
    private readonly List<Observable> _observables = [];
    private List<ContinuousModel> _models = [ContinuousModel.Sme1, ContinuousModel.Smf2];
    private List<double[]> _points = [];
    private double _horizon = 1;
    private int[] _steps = [2, 4];
    private int _paths = 8, _batch = 1, _substeps = 2, _threads = Environment.ProcessorCount;
    private ulong _seed = 1;
    private long? _memoryLimit;
    private double? _timeLimit;
    private Action<string>? _progress;
    private bool _coupleSgd = true;

    /// <summary>The empirical law: the rows of <paramref name="rows"/> (flat, row-major, each of the model's data length).</summary>
    public NetworkFlowStudy<TModel> Data(double[] rows) { _data = new DataRows(rows, TModel.Layout.DataCount); return this; }

    /// <summary>The starting points u₁..uₙ (at least one; two-point observables need two).</summary>
    public NetworkFlowStudy<TModel> StartingPoints(params double[][] points) { _points = points?.ToList() ?? throw new ArgumentNullException(nameof(points)); return this; }

    /// <summary>Adds an observable f(X_T) (at least one).</summary>
    public NetworkFlowStudy<TModel> Observable(Observable observable) { _observables.Add(observable ?? throw new ArgumentNullException(nameof(observable))); return this; }

    /// <summary>The α-ladder αⱼ = T/Nⱼ; every Nⱼ must divide the largest.</summary>
    public NetworkFlowStudy<TModel> Ladder(double horizon, params int[] steps) { _horizon = horizon; _steps = steps ?? throw new ArgumentNullException(nameof(steps)); return this; }

    /// <summary>The continuous models (default SME-1, SMF-2); <see cref="ContinuousModel.GradientFlow"/> is allowed.</summary>
    public NetworkFlowStudy<TModel> Models(params ContinuousModel[] models) { _models = models?.ToList() ?? throw new ArgumentNullException(nameof(models)); return this; }

    /// <summary>Monte Carlo paths per level.</summary>
    public NetworkFlowStudy<TModel> Paths(int paths) { _paths = paths; return this; }

    /// <summary>The minibatch size B of SGD; the models' noise is √(α/B)Σ^{1/2} (math.md §1.1).</summary>
    public NetworkFlowStudy<TModel> Batch(int batch) { _batch = batch; return this; }

    /// <summary>K, SH2 steps per SGD step (h = α/K).</summary>
    public NetworkFlowStudy<TModel> Substeps(int substeps) { _substeps = substeps; return this; }

    /// <summary>
    /// Whether SGD's batches are driven by the models' Brownian path (default on; exact multinomial law, see
    /// <see cref="MinibatchSgd{TModel}"/>) or drawn independently.
    /// </summary>
    public NetworkFlowStudy<TModel> CoupleSgd(bool on = true) { _coupleSgd = on; return this; }

    /// <summary>Worker threads; paths run in parallel and the results do not depend on the count.</summary>
    public NetworkFlowStudy<TModel> Threads(int threads) { _threads = threads; return this; }

    /// <summary>The seed.</summary>
    public NetworkFlowStudy<TModel> Seed(ulong seed) { _seed = seed; return this; }

    /// <summary>The memory the run may use (default: the memory available to the process).</summary>
    public NetworkFlowStudy<TModel> MemoryLimit(long bytes) { _memoryLimit = bytes; return this; }

    /// <summary>The wall time the run may take (default: no limit).</summary>
    public NetworkFlowStudy<TModel> TimeLimit(TimeSpan limit) { _timeLimit = limit.TotalSeconds; return this; }

    /// <summary>Receives one line per finished level (on the calling thread).</summary>
    public NetworkFlowStudy<TModel> OnProgress(Action<string> report) { _progress = report ?? throw new ArgumentNullException(nameof(report)); return this; }

    /// <summary>Validates the configuration and estimates memory and time (measures the kernels on a few atoms).</summary>
    public NetworkFlowEstimate Estimate() => Plan().Estimate;

    /// <summary>Estimates, refuses a run that does not fit (<see cref="NetworkBudgetException"/>), then runs.</summary>
    public NetworkFlowResult Run()
    {
        var plan = Plan();
        if (plan.Estimate.Refusal is not null) throw new NetworkBudgetException(plan.Estimate);
        return new NetworkFlowRunner<TModel>(plan, _progress).Run();
    }

    private NetworkFlowPlan Plan()
    {
        var d = TModel.Layout.ParameterCount;
        var data = _data ?? throw new InvalidOperationException("Give the data rows of the empirical law with .Data(…).");
        if (_observables.Count == 0) throw new InvalidOperationException("Add at least one observable with .Observable(…).");
        if (_models.Count == 0) throw new InvalidOperationException("Add at least one continuous model with .Models(…).");
        if (_points.Count == 0) throw new InvalidOperationException("Give the starting point(s) with .StartingPoints(…).");
        foreach (var (u, k) in _points.Select((u, k) => (u, k)))
        {
            if (u is null || u.Length != d) throw new ArgumentException($"Starting point {k} has length {u?.Length ?? 0}; {TModel.Name} has d = {d}.");
            if (Array.FindIndex(u, v => !double.IsFinite(v)) is var bad and >= 0) throw new ArgumentException($"Starting point {k} has the non-finite coordinate {bad}.");
        }
        if (_observables.Max(o => o.Points) > _points.Count)
            throw new ArgumentException($"A two-point observable needs two starting points; {_points.Count} given.");
        if (!(_horizon > 0) || !double.IsFinite(_horizon)) throw new ArgumentOutOfRangeException(nameof(Ladder), _horizon, "The horizon T must be positive and finite.");
        if (_steps.Length < 2) throw new ArgumentException("The α-ladder needs at least two levels.");
        var maxSteps = _steps.Max();
        foreach (var n in _steps)
            if (n < 1 || maxSteps % n != 0) throw new ArgumentException($"Every step count of the ladder must be positive and divide the largest ({maxSteps}); {n} does not.");
        if (_steps.Distinct().Count() != _steps.Length) throw new ArgumentException("The ladder's step counts must differ.");
        ArgumentOutOfRangeException.ThrowIfLessThan(_paths, 2, nameof(Paths));
        ArgumentOutOfRangeException.ThrowIfLessThan(_batch, 1, nameof(Batch));
        ArgumentOutOfRangeException.ThrowIfLessThan(_substeps, 1, nameof(Substeps));
        ArgumentOutOfRangeException.ThrowIfLessThan(_threads, 1, nameof(Threads));
        foreach (var m in _models)
            if (m.Noise == NoiseModel.SmeSharedBrownian) throw new NotSupportedException($"{m.Name} needs Σ^{{1/2}}(x) itself, which the matrix-free study never forms; use SME (independent copies) or SMF.");
        if (_models.Select(m => m.Name).Distinct().Count() != _models.Count) throw new ArgumentException("The models must have distinct names.");
        foreach (var o in _observables)
        {
            var value = o.Evaluate(_points[0], _points[Math.Min(1, _points.Count - 1)]);
            if (!double.IsFinite(value)) throw new ArgumentException($"The observable '{o.Name}' is {value} at the starting point(s).");
        }

        var plan = new NetworkFlowPlan(data, _observables.ToArray(), _models.ToArray(), _points.ToArray(), _horizon, _steps.Order().ToArray(), _paths, _batch,
            _substeps, _threads, _seed, _coupleSgd, null!);
        return plan with { Estimate = EstimateCost(plan, d) };
    }

    private NetworkFlowEstimate EstimateCost(NetworkFlowPlan plan, int d)
    {
        var (gradient, hvp, observe) = MeasureKernels(plan);
        var n = plan.Data.Count;
        var points = plan.Points.Length;
        var cpu = 0.0;
        foreach (var steps in plan.Steps)
        {
            var solverSteps = (double)steps * plan.Substeps;
            foreach (var c in plan.Computations)
            {
                var (g, h) = FactorNoiseStepper<TModel>.SweepsPerStep(c.Model);
                var runs = c.Model.Noise == NoiseModel.None ? 1 : plan.Paths;
                cpu += runs * solverSteps * points * n * (g * gradient + h * hvp);
            }
            cpu += plan.Paths * (steps * plan.Batch * points * gradient + (plan.Computations.Length + 1) * observe);
        }
        var workers = Math.Min(plan.Threads, plan.Paths);
        var usable = Math.Max(1, Math.Min(workers, Environment.ProcessorCount));
        long bytes = sizeof(double);
        var workerBytes = 2 * ((FactorNoiseStepper<TModel>.Vectors + 2 + 2 * points) * d * bytes + 2L * n * bytes);
        var results = (long)plan.Steps.Length * (plan.Models.Length + 1) * plan.Observables.Length * plan.Paths * bytes;
        const long runtime = 256L << 20; // the .NET runtime, JIT, loaded assemblies and the GC's generation-0 budget (measured: 196–354 MB peak RSS for MnistMlp)
        var limit = _memoryLimit ?? MemoryBudget.Available;
        return new NetworkFlowEstimate(d, n, plan.Data.Bytes, workerBytes, workers, results + runtime + points * d * bytes, limit,
            gradient, hvp, cpu, cpu / usable, _timeLimit, plan.Paths);
    }

    /// <summary>Seconds per atom of the real sweeps, measured on up to 64 atoms after a warm-up, and seconds per observable call.</summary>
    private static (double Gradient, double Hvp, double Observe) MeasureKernels(NetworkFlowPlan plan)
    {
        var count = Math.Min(plan.Data.Count, 64);
        var rows = new double[count * plan.Data.RowLength];
        for (var j = 0; j < count; j++) plan.Data.Row(j).CopyTo(rows.AsSpan(j * plan.Data.RowLength));
        var sweep = new MeanRiskSweep<TModel>(new DataRows(rows, plan.Data.RowLength));
        var x = plan.Points[0];
        var (mean, noise, hv) = (new double[x.Length], new double[x.Length], new double[x.Length]);
        var increments = new double[count];
        Array.Fill(increments, 0.1);
        var clock = new Stopwatch();
        double gradient = double.MaxValue, hvp = double.MaxValue;
        for (var round = 0; round < 8; round++) // the first rounds warm up the JIT; the fastest is the least disturbed by other load
        {
            clock.Restart();
            sweep.GradientAndNoise(x, increments, 1, mean, noise);
            gradient = Math.Min(gradient, clock.Elapsed.TotalSeconds / count);
            clock.Restart();
            sweep.HessianVectorProduct(x, mean, hv);
            hvp = Math.Min(hvp, clock.Elapsed.TotalSeconds / count);
        }
        clock.Restart();
        foreach (var o in plan.Observables) o.Evaluate(x, plan.Points[Math.Min(1, plan.Points.Length - 1)]);
        return (gradient, hvp, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>A validated configuration with its estimate.</summary>
internal sealed record NetworkFlowPlan(DataRows Data, Observable[] Observables, ContinuousModel[] Models, double[][] Points, double Horizon, int[] Steps,
    int Paths, int Batch, int Substeps, int Threads, ulong Seed, bool CoupleSgd, NetworkFlowEstimate Estimate)
{
    /// <summary>
    /// The distinct simulations behind the models: for one starting point SME-k and SMF-k coincide (same one-point law,
    /// same increments), so they share one computation.
    /// </summary>
    public Computation[] Computations => Models
        .Select(m => new Computation(m, Key(m)))
        .GroupBy(c => c.Key).Select(g => g.First()).ToArray();

    /// <summary>The computation key of a model.</summary>
    public string Key(ContinuousModel m) => (m.Noise, Points.Length) switch
    {
        (NoiseModel.None, _) => $"{m.DriftOrder}/none",
        (_, 1) => $"{m.DriftOrder}/factor",
        _ => $"{m.DriftOrder}/{m.Noise}",
    };

    /// <summary>One simulation: a representative model and its key.</summary>
    public sealed record Computation(ContinuousModel Model, string Key);
}
