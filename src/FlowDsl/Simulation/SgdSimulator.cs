using FlowDsl.Noise;
using FlowDsl.Random;

namespace FlowDsl.Simulation;

/// <summary>
/// SGD with replacement (math.md §1): xᵢ₊₁ = xᵢ − (α/B) Σ_b ∇ₓR(xᵢ, θᵢ,b) for N = T/α steps. In n-point mode every point
/// of a path uses the same θᵢ (the random map u ↦ x(u,tᵢ)); in independent mode each point draws its own.
/// </summary>
internal sealed class SgdSimulator<TModel> where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly SimulationOptions _options;
    private readonly BrownianSource _brownian;
    private readonly int _steps, _finePerStep;
    private readonly SgdSampling _sampling;
    private readonly double[] _dataMean = [];
    private readonly double[][] _rootColumns = [];
    private readonly double[] _atoms = [], _cumulative = [];
    private readonly LawAxes.Sampler? _coupled;

    public SgdSimulator(MeanRisk<TModel> mean, SimulationOptions options)
    {
        _mean = mean;
        _options = options;
        _steps = options.Validate(mean.Dimension, TModel.Name);
        _brownian = new BrownianSource(options.Seed, options.Horizon, options.BrownianGridSteps ?? _steps * options.Substeps, options.Antithetic);
        _finePerStep = _brownian.FineStepsPer(_steps);
        _sampling = Resolve(options.SgdSampling, mean, options.Batch);
        if (_sampling == SgdSampling.Coupled)
            _coupled = mean.Adaptive is { } rule ? mean.Axes!.CreateSampler(rule.Points) : LawAxes.Of(mean.Law)!.CreateSampler(null);
        else if (_sampling == SgdSampling.Brownian)
        {
            var normal = (NormalLaw)mean.Law;
            _dataMean = normal.Mean.ToArray();
            var root = normal.CovarianceRoot;
            var k = mean.DataDimension;
            _rootColumns = new double[k][];
            for (var j = 0; j < k; j++) _rootColumns[j] = Enumerable.Range(0, k).Select(i => root[i, j]).ToArray();
        }
        else if (_sampling == SgdSampling.Quantile)
        {
            var support = mean.Law.Support!;
            var order = Enumerable.Range(0, support.Count).OrderBy(j => support.Nodes[j][0]).ToArray();
            _atoms = order.Select(j => support.Nodes[j][0]).ToArray();
            _cumulative = new double[order.Length];
            double sum = 0;
            for (var j = 0; j < order.Length; j++) _cumulative[j] = sum += support.Weights[order[j]];
        }
    }

    /// <summary>The sampling actually used.</summary>
    public SgdSampling Sampling => _sampling;

    /// <summary>Resolves <see cref="SgdSampling.Auto"/> and checks that the requested coupling is possible.</summary>
    /// <remarks>
    /// When the means are not exact for P (an adaptive Gauss rule Q or a fixed sample), SGD must draw from the same Q:
    /// <see cref="SgdSampling.Coupled"/> for an adaptive rule (every axis by quantile coupling), else <see cref="SgdSampling.Law"/>
    /// (which then draws from Q). Otherwise Auto keeps the exact couplings: Brownian for a normal law, Quantile for a scalar
    /// finite law, Coupled for products of normal and finite factors (e.g. a multi-column empirical law).
    /// </remarks>
    public static SgdSampling Resolve(SgdSampling requested, MeanRisk<TModel> mean, int batch)
    {
        var law = mean.Law;
        var gaussian = law is NormalLaw && mean.IsExact;
        var scalarSupport = law.Dimension == 1 && law.Support is not null;
        var coupled = mean.Adaptive is not null || (mean.IsExact && LawAxes.Of(law) is { ExactlyCoupled: true });
        switch (requested)
        {
            case SgdSampling.Auto:
                return batch != 1 ? SgdSampling.Law
                    : mean.Adaptive is not null ? SgdSampling.Coupled
                    : gaussian ? SgdSampling.Brownian : scalarSupport ? SgdSampling.Quantile : coupled ? SgdSampling.Coupled : SgdSampling.Law;
            case SgdSampling.Brownian when !gaussian || batch != 1:
                throw new ArgumentException($"Brownian-driven SGD needs a normal law with exact means and batch size 1 (law: {law.GetType().Name}, batch {batch}).", nameof(requested));
            case SgdSampling.Quantile when !scalarSupport || batch != 1:
                throw new ArgumentException($"Quantile coupling needs a finitely supported scalar law and batch size 1 (law: {law.GetType().Name}, batch {batch}).", nameof(requested));
            case SgdSampling.Coupled when !coupled || batch != 1:
                throw new ArgumentException($"Coupled SGD needs a law built from normal and finite factors (or an adaptive Gauss rule) and batch size 1 (law: {law.GetType().Name}, batch {batch}).", nameof(requested));
            default:
                return requested;
        }
    }

    /// <summary>The Brownian coordinates one SGD draw reads (for the noise-sharing description).</summary>
    internal int BrownianCoordinates => _sampling switch
    {
        SgdSampling.Brownian => _mean.DataDimension,
        SgdSampling.Quantile => 1,
        SgdSampling.Coupled => (_mean.Axes ?? LawAxes.Of(_mean.Law)!).Count,
        _ => 0,
    };

    /// <summary>
    /// Optional per-path controls from the draws θᵢ (one starting point), e.g. the surrogate control variates of math.md
    /// §7.3.4; the values of the last <see cref="Run"/> are in <see cref="Control"/>.
    /// </summary>
    internal PathControls<ISgdPathControl>? Controls { get; init; }

    /// <summary>The per-run control values of the last <see cref="Run"/>, [control][run] (null without <see cref="Controls"/>).</summary>
    internal double[][]? Control { get; private set; }

    /// <summary>
    /// R, SGD runs per path (default 1). Run r = 0 of path p keeps p's randomness (and so its coupling to the models); runs
    /// r ≥ 1 use randomness of their own (<see cref="Key"/>). The ensemble then holds R consecutive runs per path.
    /// </summary>
    internal int Replicas { get; init; } = 1;

    /// <summary>First randomness index of the extra replicas (above any path index a study uses).</summary>
    private const int ReplicaKeys = 1 << 30;

    /// <summary>The randomness index of run <paramref name="q"/> (path q / R, replica q mod R).</summary>
    private int Key(int q)
    {
        if (Replicas == 1) return q + _options.FirstPath;
        var (path, replica) = ((long)_options.FirstPath + q / Replicas, q % Replicas);
        return replica == 0 ? (int)path : checked((int)(ReplicaKeys + path * (Replicas - 1) + replica - 1));
    }

    public Ensemble Run()
    {
        var points = _options.StartingPoints;
        var runs = checked(_options.Paths * Replicas);
        var ensemble = Ensemble.Repeat(points, runs);
        Control = Controls is { } c && points.Count == 1 ? Enumerable.Range(0, c.Count).Select(_ => new double[runs]).ToArray() : null;
        PathPartition.Run(runs, _options.Threads, (start, end) => RunPaths(ensemble, start, end));
        return ensemble;
    }

    private void RunPaths(Ensemble ensemble, int start, int end)
    {
        var d = _mean.Dimension;
        var n = ensemble.PointsPerPath;
        var batch = _options.Batch;
        var groups = _options.Sharing == NoiseSharing.NPoint ? 1 : n;
        var perGroup = _options.Sharing == NoiseSharing.NPoint ? n : 1;
        var state = new double[n * d];
        var g = new double[d];
        var sum = new double[d];
        var θ = new double[batch][];
        for (var b = 0; b < batch; b++) θ[b] = new double[_mean.DataDimension];
        var dW = new double[Math.Max(_mean.DataDimension, BrownianCoordinates)];
        var alpha = _options.Alpha;
        var scale = alpha / batch;
        var increments = new BrownianStepCache[groups];
        for (var group = 0; group < groups; group++) increments[group] = new BrownianStepCache(_brownian, _finePerStep, _steps, BrownianComponents(dW.Length), _options.BrownianNormals);
        var control = Control is null ? null : Controls!.Worker();
        var values = new double[Control?.Length ?? 0];
        for (var path = start; path < end; path++)
        {
            control?.Begin();
            for (var p = 0; p < n; p++) ensemble.Load(path * n + p, state.AsSpan(p * d, d));
            for (var step = 0; step < _steps; step++)
            {
                for (var group = 0; group < groups; group++)
                {
                    Draw(Key(path), group, step, θ, dW, increments[group]);
                    control?.Step(step, θ);
                    for (var q = 0; q < perGroup; q++)
                    {
                        var x = state.AsSpan((group * perGroup + q) * d, d);
                        Array.Clear(sum);
                        for (var b = 0; b < batch; b++)
                        {
                            TModel.Gradient(x, θ[b], g);
                            for (var i = 0; i < d; i++) sum[i] += g[i];
                        }
                        for (var i = 0; i < d; i++) x[i] -= scale * sum[i];
                    }
                }
                CheckFinite(state, Key(path), n, d, step + 1);
            }
            for (var p = 0; p < n; p++) ensemble.Store(path * n + p, state.AsSpan(p * d, d));
            if (control is null) continue;
            control.End(values);
            for (var c = 0; c < values.Length; c++) Control![c][path] = values[c];
        }
    }

    /// <summary>How many Brownian components one draw reads (0: none, the draws are independent of the Brownian path).</summary>
    private int BrownianComponents(int buffer) => _sampling switch
    {
        SgdSampling.Brownian => buffer,
        SgdSampling.Quantile => 1,
        SgdSampling.Coupled => BrownianCoordinates,
        _ => 0,
    };

    private void Draw(int path, int group, int step, double[][] θ, double[] dW, BrownianStepCache increments)
    {
        switch (_sampling)
        {
            case SgdSampling.Brownian:
            {
                increments.Step(path, RandomStreams.Brownian + (uint)group, step).CopyTo(dW);
                var inv = 1 / Math.Sqrt(_options.Alpha);
                var t = θ[0];
                _dataMean.CopyTo(t, 0);
                for (var k = 0; k < dW.Length; k++)
                {
                    var c = _rootColumns[k];
                    var z = dW[k] * inv;
                    for (var i = 0; i < t.Length; i++) t[i] += c[i] * z;
                }
                break;
            }
            case SgdSampling.Quantile:
            {
                increments.Step(path, RandomStreams.Brownian + (uint)group, step).CopyTo(dW);
                var u = StandardNormal.Cdf(dW[0] / Math.Sqrt(_options.Alpha));
                var j = 0;
                while (j < _atoms.Length - 1 && u > _cumulative[j]) j++;
                θ[0][0] = _atoms[j];
                break;
            }
            case SgdSampling.Coupled:
            {
                // ξₖ = ΔBₖ/√α, one per axis of the law (or of its rule Q): the Brownian path the models share.
                var axes = BrownianCoordinates;
                increments.Step(path, RandomStreams.Brownian + (uint)group, step).CopyTo(dW);
                var inv = 1 / Math.Sqrt(_options.Alpha);
                for (var k = 0; k < axes; k++) dW[k] *= inv;
                _coupled!.Draw(dW.AsSpan(0, axes), θ[0]);
                break;
            }
            default:
            {
                var rng = new CounterRng(_options.Seed, (uint)path, (uint)step, RandomStreams.Data + (uint)group);
                foreach (var t in θ) _mean.SampleData(ref rng, t); // P, or the rule Q the models see
                break;
            }
        }
    }

    private static void CheckFinite(double[] state, int path, int n, int d, int step)
    {
        for (var k = 0; k < state.Length; k++)
            if (!double.IsFinite(state[k]))
                throw new DivergenceException(TModel.Name, "SGD", step, path, k / d, state[k], coordinate: k % d);
    }
}
