using FlowDsl.Noise;
using FlowDsl.Random;
using FlowDsl.Schemes;

namespace FlowDsl.Simulation;

/// <summary>
/// Runs a <see cref="ContinuousModel"/> of <typeparamref name="TModel"/> over [0, T] with N·K solver steps of size
/// h = α/K. Points that share noise (SMF, shared-Brownian SME) see the same Brownian increments and the same per-step
/// randomness; independent SME copies get their own (stream + point). The Brownian increments come from the fine
/// grid of <see cref="BrownianSource"/>, so SGD, every model and every α-level can be driven by one Brownian path.
/// </summary>
internal sealed class SdeSimulator<TModel> where TModel : IRiskModel
{
    /// <summary>
    /// Above this many nodes an exact quadrature (or, for a risk not affine in x, a finite support) is not used as SMF atoms:
    /// Monte Carlo features are used instead (one Brownian motion per atom would cost more than the features' O(α²h/M) bias).
    /// </summary>
    public const int MaxAtoms = 512;

    private readonly MeanRisk<TModel> _mean;
    private readonly ContinuousModel _model;
    private readonly SimulationOptions _options;
    private readonly SchemeKind _scheme;
    private readonly BrownianSource _brownian;
    private readonly int _steps, _substeps, _finePerSubstep;

    /// <param name="mean">Exact mean quantities.</param>
    /// <param name="model">Which continuous model.</param>
    /// <param name="options">Options (Talay–Tubaro is run by the caller as two Euler–Maruyama runs).</param>
    /// <param name="substeps">K for this run (overrides <see cref="SimulationOptions.Substeps"/>, e.g. 2K for the h/2 check).</param>
    public SdeSimulator(MeanRisk<TModel> mean, ContinuousModel model, SimulationOptions options, int? substeps = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.DriftOrder is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(model), model.DriftOrder, "The drift order of a continuous model must be 1 or 2.");
        _mean = mean;
        _model = model;
        _options = options;
        _steps = options.Validate(mean.Dimension, TModel.Name);
        _substeps = substeps ?? options.Substeps;
        if (_substeps < 1) throw new ArgumentOutOfRangeException(nameof(substeps), _substeps, "The number of substeps K must be at least 1.");
        _scheme = options.Scheme == SchemeKind.TalayTubaro ? SchemeKind.EulerMaruyama : options.Scheme;
        _brownian = new BrownianSource(options.Seed, options.Horizon, options.BrownianGridSteps ?? _steps * _substeps, options.Antithetic);
        _finePerSubstep = _brownian.FineStepsPer(_steps * _substeps);
        NoiseDescription = CreateNoise()?.Description ?? "none";
    }

    /// <summary>How the noise is realised (for the run configuration).</summary>
    public string NoiseDescription { get; }

    /// <summary>The simulator's name for messages, e.g. "SMF-2 / stochastic Heun (midpoint diffusion)".</summary>
    public string Name => $"{_model.Name} / {_scheme.DisplayName()}";

    private NoiseField? CreateNoise()
    {
        var scale = Math.Sqrt(_options.Alpha / _options.Batch);
        switch (_model.Noise)
        {
            case NoiseModel.None:
                return null;
            case NoiseModel.SmeIndependent or NoiseModel.SmeSharedBrownian:
                return new SmeNoise<TModel>(_mean, scale);
        }
        if (SmfByRoot(_mean, _options))
            return new SmeNoise<TModel>(_mean, scale, "one starting point: Σ(x)^{1/2} dW, exact in law for the SMF's one-point motion (math.md §3.4 d)");
        return _mean.Method switch
        {
            MeanMethod.Support when _mean.KernelNodes!.Count <= MaxAtoms || TModel.Structure.IsAffineInParameters =>
                new SmfAtomNoise<TModel>(_mean, _mean.KernelNodes!, scale, "atoms of the support"),
            MeanMethod.AffineInData => new SmfAffineNoise<TModel>(_mean, scale),
            MeanMethod.ExactQuadrature when _mean.KernelNodes!.Count <= MaxAtoms =>
                new SmfAtomNoise<TModel>(_mean, _mean.KernelNodes, scale, "nodes of an exact quadrature"),
            MeanMethod.AdaptiveQuadrature when _mean.KernelNodes!.Count <= MaxAtoms =>
                new SmfAtomNoise<TModel>(_mean, _mean.KernelNodes, scale, "nodes of the adaptive Gauss rule Q (exact for Q)"),
            _ => new SmfFeatureNoise<TModel>(_mean, scale, _options.Features, _options.Seed),
        };
    }

    /// <summary>
    /// Whether the SMF noise of a one-point run is realised by Σ(x)^{1/2} dW (math.md §3.4 d): for one starting point the SMF's
    /// law is the SME's (its quadratic variation is Σ(x,x) = Σ(x)), so a d-column factor is exact in law. It is used when the
    /// field's own construction would cost more — more nodes than d without the affine-in-x reduction, or Monte Carlo features.
    /// </summary>
    internal static bool SmfByRoot(MeanRisk<TModel> mean, SimulationOptions options) =>
        options.StartingPoints.Count == 1 && !TModel.Structure.IsAffineInParameters && mean.Method != MeanMethod.AffineInData
        && (mean.KernelNodes is not { } nodes || nodes.Count > mean.Dimension);

    /// <summary>
    /// Optional per-path controls from the Brownian increments (one starting point), e.g. the surrogate control variates of
    /// math.md §7.3.4; the values of the last <see cref="Run"/> are in <see cref="Control"/>.
    /// </summary>
    internal PathControls<ISdePathControl>? Controls { get; init; }

    /// <summary>The per-path control values of the last <see cref="Run"/>, [control][path] (null without <see cref="Controls"/>).</summary>
    internal double[][]? Control { get; private set; }

    /// <summary>
    /// This model's drift and noise columns for a surrogate (one thread), or null when there is no noise or the noise has
    /// per-step randomness of its own (Monte Carlo features), so that no deterministic columns exist.
    /// </summary>
    internal SdeWorker<TModel>? SurrogateCoefficients()
    {
        var noise = CreateNoise();
        return noise is null or SmfFeatureNoise<TModel> ? null : new SdeWorker<TModel>(_mean, _model.DriftOrder, _options.Alpha, noise);
    }

    public Ensemble Run()
    {
        var ensemble = Ensemble.Repeat(_options.StartingPoints, _options.Paths);
        Control = Controls is { } c && _options.StartingPoints.Count == 1 ? Enumerable.Range(0, c.Count).Select(_ => new double[_options.Paths]).ToArray() : null;
        UsedPathBlocks = false;
        PathPartition.Run(_options.Paths, _options.Threads, (start, end) => RunPaths(ensemble, start, end));
        return ensemble;
    }

    /// <summary>Whether stochastic Heun may advance <see cref="PathBlock"/> paths together (tests turn it off to compare).</summary>
    internal bool PathBlocks { get; init; } = true;

    /// <summary>Whether the last <see cref="Run"/> advanced its paths in blocks (for tests).</summary>
    internal bool UsedPathBlocks { get; private set; }

    /// <summary>Paths advanced together by <see cref="RunBlocks"/>: a fixed number, so the bits cannot depend on threads or SIMD width.</summary>
    internal const int PathBlock = 8;

    private void RunPaths(Ensemble ensemble, int start, int end)
    {
        if (PathBlocks && _scheme == SchemeKind.StochasticHeun && end - start > 1 && RunBlocks(ensemble, start, end)) return;
        RunPathsOneByOne(ensemble, start, end);
    }

    /// <summary>
    /// Stochastic Heun for blocks of <see cref="PathBlock"/> paths, each step of the scheme for all their points together
    /// (<see cref="StochasticHeun.StepBlock"/>): the same operations per point as <see cref="RunPathsOneByOne"/>, so the same
    /// bits. False (nothing done) when the coefficients keep state between calls: per-step draws (Monte Carlo features), node
    /// gradients shared by drift and noise. (The SMF atom reductions are kept per increment's bits, so any order reuses them.)
    /// A block that fails (divergence, an exception) is run again one path at a time from its start, which reports exactly
    /// what a run without blocks reports.
    /// </summary>
    private bool RunBlocks(Ensemble ensemble, int start, int end)
    {
        var noise = CreateNoise();
        if (noise is not (null or SmeNoise<TModel> or SmfAffineNoise<TModel> or SmfAtomNoise<TModel>)) return false;
        var worker = new SdeWorker<TModel>(_mean, _model.DriftOrder, _options.Alpha, noise);
        if (worker.SharesNodeGradients) return false;
        UsedPathBlocks = true;
        var d = _mean.Dimension;
        var n = ensemble.PointsPerPath;
        var rank = worker.Rank;
        var h = _options.Alpha / _substeps;
        var heun = new StochasticHeun(d);
        var independent = _model.Noise == NoiseModel.SmeIndependent;
        var groups = independent ? n : 1;
        var perGroup = independent ? 1 : n;
        var total = _steps * _substeps;
        var block = Math.Min(PathBlock, end - start);
        var state = new double[block * n * d];
        var dW = new double[Math.Max(block * groups * rank, 1)];
        var increments = new BrownianStepCache[block * groups];
        for (var c = 0; c < increments.Length; c++) increments[c] = new BrownianStepCache(_brownian, _finePerSubstep, total, rank, _options.BrownianNormals);
        // One control accumulator per path of the block (Control is only set for one starting point, so groups = 1).
        var controls = Control is null ? null : Enumerable.Range(0, block).Select(_ => Controls!.Worker()).ToArray();
        var values = new double[Control?.Length ?? 0];
        for (var first = start; first < end; first += block)
        {
            var count = Math.Min(block, end - first);
            var points = state.AsSpan(0, count * n * d);
            for (var p = 0; p < count * n; p++) ensemble.Load(first * n + p, points.Slice(p * d, d));
            if (StepBlock(heun, worker, increments, controls, points, dW, first, count, groups, perGroup, rank, h, total))
            {
                for (var p = 0; p < count * n; p++) ensemble.Store(first * n + p, points.Slice(p * d, d));
                if (controls is null) continue;
                for (var b = 0; b < count; b++)
                {
                    controls[b].End(values);
                    for (var c = 0; c < values.Length; c++) Control![c][first + b] = values[c];
                }
                continue;
            }
            RunPathsOneByOne(ensemble, first, first + count); // throws what a run without blocks throws
        }
        return true;
    }

    // All steps of one block; false at the first non-finite state or failing coefficient call.
    private bool StepBlock(StochasticHeun heun, SdeWorker<TModel> worker, BrownianStepCache[] increments, ISdePathControl[]? controls,
        Span<double> points, double[] dW, int first, int count, int groups, int perGroup, int rank, double h, int total)
    {
        try
        {
            if (controls is not null)
                for (var b = 0; b < count; b++) controls[b].Begin();
            for (var s = 0; s < total; s++)
            {
                for (var b = 0; b < count; b++)
                {
                    var global = first + b + _options.FirstPath; // the randomness is keyed by the global path index
                    for (var group = 0; group < groups; group++)
                    {
                        var row = dW.AsSpan((b * groups + group) * rank, rank);
                        if (rank > 0) increments[b * groups + group].CopyStep(global, RandomStreams.Brownian + (uint)group, s, row);
                        controls?[b].Step(s, row);
                    }
                }
                heun.StepBlock(worker, points, points.Length / worker.Dimension, h, dW, rank, perGroup);
                if ((s + 1) % _substeps == 0)
                    foreach (var value in points)
                        if (!double.IsFinite(value)) return false;
            }
            return true;
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private void RunPathsOneByOne(Ensemble ensemble, int start, int end)
    {
        var d = _mean.Dimension;
        var n = ensemble.PointsPerPath;
        var noise = CreateNoise();
        var worker = new SdeWorker<TModel>(_mean, _model.DriftOrder, _options.Alpha, noise);
        var rank = worker.Rank;
        var h = _options.Alpha / _substeps;
        var scheme = _scheme == SchemeKind.ExactLinear ? null : SdeScheme.Create(_scheme, d, rank);
        var exact = _scheme == SchemeKind.ExactLinear ? new ExactLinearTransition(worker, Probe(d), h, TModel.Name) : null;
        var independent = _model.Noise == NoiseModel.SmeIndependent;
        var groups = independent ? n : 1;
        var perGroup = independent ? 1 : n;
        var state = new double[n * d];
        var dW = new double[Math.Max(rank, 1)];
        var total = _steps * _substeps;
        var increments = new BrownianStepCache[groups];
        for (var group = 0; group < groups; group++) increments[group] = new BrownianStepCache(_brownian, _finePerSubstep, total, rank, _options.BrownianNormals);
        var control = Control is null ? null : Controls!.Worker();
        var values = new double[Control?.Length ?? 0];
        for (var path = start; path < end; path++)
        {
            control?.Begin();
            for (var p = 0; p < n; p++) ensemble.Load(path * n + p, state.AsSpan(p * d, d));
            var global = path + _options.FirstPath; // the randomness is keyed by the global path index
            for (var s = 0; s < total; s++)
            {
                for (var group = 0; group < groups; group++)
                {
                    var stream = (uint)group;
                    if (rank > 0) increments[group].Step(global, RandomStreams.Brownian + stream, s).CopyTo(dW);
                    control?.Step(s, dW);
                    noise?.BeginStep((uint)global, stream, s);
                    var key = new StepKey(_options.Seed, (uint)global, stream, s);
                    for (var q = 0; q < perGroup; q++)
                    {
                        var x = state.AsSpan((group * perGroup + q) * d, d);
                        if (exact is not null) exact.Step(x, dW, h, key);
                        else scheme!.Step(worker, x, h, dW, key);
                    }
                }
                if ((s + 1) % _substeps == 0) CheckFinite(state, global, d, (s + 1) / _substeps);
            }
            for (var p = 0; p < n; p++) ensemble.Store(path * n + p, state.AsSpan(p * d, d));
            if (control is null) continue;
            control.End(values);
            for (var c = 0; c < values.Length; c++) Control![c][path] = values[c];
        }
    }

    /// <summary>A generic non-zero point at which linearity of the coefficients is checked.</summary>
    private static double[] Probe(int d) => Enumerable.Range(0, d).Select(i => 0.731 - 0.417 * i + 0.05 * i * i).ToArray();

    private void CheckFinite(double[] state, int path, int d, int step)
    {
        for (var k = 0; k < state.Length; k++)
            if (!double.IsFinite(state[k]))
                throw new DivergenceException(TModel.Name, Name, step, path, k / d, state[k], coordinate: k % d);
    }
}
