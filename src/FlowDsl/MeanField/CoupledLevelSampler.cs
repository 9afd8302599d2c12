using System.Diagnostics;

namespace FlowDsl.MeanField;

/// <summary>
/// The Monte Carlo samples of one α-level of the coupled weak-error estimator (math.md §7.3, mean-field case):
/// <code>
/// ê(α) = E[(Ψ(SGD) − Λ_SGD) − (Ψ(G) − Λ_G)] − E[Ψ(flow) − Ψ(G')]
/// </code>
/// where G and G' are Gaussian SGD (<see cref="GaussianParticleSgd{TModel}"/>, the same law, so E Ψ(G) = E Ψ(G')
/// cancels) and Λ the mean-zero linear responses of <see cref="MeanPathControlVariate"/> (they remove the O(√α)
/// fluctuation that the discrete atom draw leaves uncoupled; on the flow side antithetic pairs cancel it already). The SGD side pairs particle SGD with G through <see cref="AtomCoupling"/> on one Brownian path per path
/// (cheap, many paths); the flow side pairs the SH2 flow with G' on one Brownian path per path (the fine grid of the
/// flow), so only the small difference flow − G' is estimated by the expensive paths. The two sides use independent
/// keys, so their variances add. Samples grow in whole units (antithetic pairs, or single paths); unit u is a pure
/// function of (seed, level, u): the values do not depend on the batch sizes or the thread count.
/// </summary>
internal sealed class CoupledLevelSampler<TModel> where TModel : IMeanFieldModel
{
    private readonly MeanFieldData _data;
    private readonly double[] _particles;
    private readonly IReadOnlyList<MeasureObservable> _observables;
    private readonly MeanFieldFlowKind[] _models;
    private readonly int _particleCount, _steps, _substeps, _threads;
    private readonly bool _antithetic, _solverCheck;
    private readonly ulong _sgdSeed, _flowSeed;
    private readonly AtomCoupling _coupling;
    private readonly MeanPathControlVariate[] _controls;
    private readonly ICoupledSgdSide? _sgdLanes;

    // Per observable: unit values of [Ψ(SGD) − Λ_SGD] − [Ψ(G) − Λ_G], and of Ψ(SGD) alone (for the report).
    private readonly List<double>[] _sgdDifference, _sgdValue;
    // Per path (not unit): Ψ(G') on the flow side's Brownian path, shared by every model.
    private readonly List<double>[] _partner;
    // Per model and observable: unit values of Ψ(flow) − Ψ(G'), and of Ψ(flow_h) − Ψ(flow_{h/2}) on the checked units.
    private readonly List<double>[,] _flowDifference, _flowValue, _solverDifference;

    public CoupledLevelSampler(MeanFieldData data, double[] particles, IReadOnlyList<MeasureObservable> observables,
        MeanFieldFlowKind[] models, double alpha, int steps, int substeps, bool solverCheck, bool antithetic, ulong seed, int level, int threads,
        bool sgdLanes = true)
    {
        _data = data;
        _particles = particles;
        _observables = observables;
        _models = models;
        _particleCount = particles.Length / TModel.Layout.ParameterCount;
        Alpha = alpha;
        _steps = steps;
        _substeps = substeps;
        _solverCheck = solverCheck;
        _antithetic = antithetic;
        _threads = threads;
        _sgdSeed = SeedFor(seed, 0x5347_4400u, level);
        _flowSeed = SeedFor(seed, 0x464C_4F00u, level);
        _coupling = new AtomCoupling(data);
        FlowSeconds = new double[models.Length];
        _controls = [.. observables.Select(o => MeanPathControlVariate.Build<TModel>(data, particles, alpha, steps, o))];
        _sgdLanes = !sgdLanes ? null : CreateSgdLanes(new CoupledSgdSettings(data, particles, observables, alpha, steps, antithetic, _sgdSeed, _coupling, _controls, threads));
        _sgdDifference = NewLists(observables.Count);
        _sgdValue = NewLists(observables.Count);
        _partner = NewLists(observables.Count);
        _flowDifference = new List<double>[models.Length, observables.Count];
        _solverDifference = new List<double>[models.Length, observables.Count];
        _flowValue = new List<double>[models.Length, observables.Count];
        for (var m = 0; m < models.Length; m++)
            for (var o = 0; o < observables.Count; o++)
            {
                _flowDifference[m, o] = [];
                _solverDifference[m, o] = [];
                _flowValue[m, o] = [];
            }
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>Paths per unit: 2 with antithetic pairs, else 1.</summary>
    public int PathsPerUnit => _antithetic ? 2 : 1;

    /// <summary>Units on the SGD side so far.</summary>
    public int SgdUnits => _sgdDifference[0].Count;

    /// <summary>Units of model m so far.</summary>
    public int FlowUnits(int model) => _flowDifference[model, 0].Count;

    /// <summary>Wall-clock seconds spent on the SGD side and on each model's flows (for the report only).</summary>
    public double SgdSeconds { get; private set; }

    /// <summary>Seconds per model (flows, their partners and the h/2 rerun).</summary>
    public double[] FlowSeconds { get; }

    /// <summary>Unit values of Ψ(SGD) − Ψ(G) for observable o.</summary>
    public IReadOnlyList<double> SgdDifference(int o) => _sgdDifference[o];

    /// <summary>Unit values of Ψ(SGD) for observable o.</summary>
    public IReadOnlyList<double> SgdValue(int o) => _sgdValue[o];

    /// <summary>Unit values of Ψ(flow) − Ψ(G') for model m and observable o.</summary>
    public IReadOnlyList<double> FlowDifference(int m, int o) => _flowDifference[m, o];

    /// <summary>Unit values of Ψ(flow) for model m and observable o.</summary>
    public IReadOnlyList<double> FlowValue(int m, int o) => _flowValue[m, o];

    /// <summary>Unit values of Ψ(flow at h) − Ψ(flow at h/2) on the checked units.</summary>
    public IReadOnlyList<double> SolverDifference(int m, int o) => _solverDifference[m, o];

    /// <summary>
    /// Deterministic cost per unit in unit evaluations (one Φ or ∇Φ at one atom and particle ≈ 1), used to split the
    /// budget between the sides: SGD ≈ 2 atoms and Gaussian SGD ≈ 3N per step; an SH2 step forms r and V three times
    /// and two noise sums (≈ 8N), the DD-SMF drift adds s, M and JV at two points (≈ 6N); the h/2 check is not counted.
    /// </summary>
    public double SgdCost => PathsPerUnit * (double)_particleCount * _steps * (2 + 3 * _data.Count);

    /// <inheritdoc cref="SgdCost"/>
    public double FlowCost(int model) =>
        PathsPerUnit * (double)_particleCount * _steps * (3 * _data.Count
            + _substeps * _data.Count * (_models[model] == MeanFieldFlowKind.DistributionDependentModifiedFlow ? 14 : 8));

    /// <summary>Adds SGD-side units up to <paramref name="units"/>.</summary>
    public void ExtendSgd(int units)
    {
        var first = SgdUnits;
        if (units <= first) return;
        var clock = Stopwatch.StartNew();
        var o = _observables.Count;
        var count = units - first;
        var difference = new double[count, o];
        var value = new double[count, o];
        if (_sgdLanes is not null) _sgdLanes.Run(first, difference, value);
        else Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            () => (Sgd: new ParticleSgd<TModel>(_data, _particleCount, Alpha), Partner: new GaussianParticleSgd<TModel>(_data, _particleCount, Alpha),
                   X: new double[_particles.Length], Y: new double[_particles.Length], Xi: new double[_data.Count], Scratch: new double[_data.Count],
                   Control: new double[o]),
            (u, _, s) =>
            {
                for (var copy = 0; copy < PathsPerUnit; copy++)
                {
                    var path = (uint)((first + u) * PathsPerUnit + copy);
                    _particles.CopyTo(s.X, 0);
                    _particles.CopyTo(s.Y, 0);
                    Array.Clear(s.Control);
                    for (var i = 0; i < _steps; i++)
                    {
                        BrownianIncrements.Draw(_sgdSeed, path, (uint)i, 1, _antithetic, s.Xi, s.Scratch);
                        var atom = _coupling.Choose(s.Xi);
                        // Λ_SGD − Λ_G of the step: the linear response along the mean path (mean zero on each side).
                        for (var k = 0; k < o; k++) s.Control[k] += _controls[k].Sgd(i, atom) - _controls[k].Gaussian(i, s.Xi);
                        s.Sgd.StepOn(s.X, atom);
                        s.Partner.StepWith(s.Y, s.Xi);
                        CheckFinite(s.Sgd, s.X, path, i + 1);
                        CheckFinite(s.Partner, s.Y, path, i + 1);
                    }
                    for (var k = 0; k < o; k++)
                    {
                        var psi = _observables[k].Evaluate(s.X);
                        difference[u, k] += (psi - _observables[k].Evaluate(s.Y) - s.Control[k]) / PathsPerUnit;
                        value[u, k] += psi / PathsPerUnit;
                    }
                }
                return s;
            },
            static _ => { });
        for (var u = 0; u < count; u++)
            for (var k = 0; k < o; k++)
            {
                _sgdDifference[k].Add(difference[u, k]);
                _sgdValue[k].Add(value[u, k]);
            }
        SgdSeconds += clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Adds flow units of model m up to <paramref name="units"/>; the units below <paramref name="checkedUnits"/> also
    /// run the flow at h/2 on the same Brownian path (math.md §5.8).
    /// </summary>
    public void ExtendFlow(int model, int units, int checkedUnits)
    {
        var first = FlowUnits(model);
        if (units <= first) return;
        var clock = Stopwatch.StartNew();
        var perUnit = PathsPerUnit;
        // The finest grid h₀ = h/2 when checking: the run at h sums two fine increments per step, G' sums 2K per α.
        var refinement = _solverCheck ? 2 : 1;
        var firstPath = (uint)(first * perUnit);
        var paths = (units - first) * perUnit;
        // The batch's Brownian paths, drawn once for the flow, its h/2 rerun and G'.
        var noise = new FineBrownianPaths(_flowSeed, _antithetic, firstPath, paths, _steps * _substeps * refinement, _data.Count, _threads);
        ExtendPartner(units * perUnit, noise);
        var o = _observables.Count;
        var count = units - first;
        var horizon = _steps * Alpha;
        var kind = _models[model];
        var coarse = PathLaneEnsemble.Run<TModel>(_data, _particles, new FlowRun(kind, Alpha, _substeps, refinement), paths, firstPath,
            horizon, _observables, noise, _threads);
        var checkedPaths = _solverCheck ? Math.Max(0, Math.Min(units, checkedUnits) - first) * perUnit : 0;
        var fine = checkedPaths > 0
            ? PathLaneEnsemble.Run<TModel>(_data, _particles, new FlowRun(kind, Alpha, 2 * _substeps, 1), checkedPaths, firstPath,
                horizon, _observables, noise, _threads)
            : null;
        for (var u = 0; u < count; u++)
        {
            var unit = first + u;
            for (var k = 0; k < o; k++)
            {
                double difference = 0, value = 0, solver = 0;
                for (var copy = 0; copy < perUnit; copy++)
                {
                    var p = u * perUnit + copy;
                    difference += (coarse[p, k] - _partner[k][(int)firstPath + p]) / perUnit;
                    value += coarse[p, k] / perUnit;
                    if (fine is not null && unit < checkedUnits) solver += (coarse[p, k] - fine[p, k]) / perUnit;
                }
                _flowDifference[model, k].Add(difference);
                _flowValue[model, k].Add(value);
                if (unit < checkedUnits && _solverCheck) _solverDifference[model, k].Add(solver);
            }
        }
        FlowSeconds[model] += clock.Elapsed.TotalSeconds;
    }

    /// <summary>Ψ(G') for paths up to <paramref name="paths"/>: Gaussian SGD on the flow side's Brownian path.</summary>
    private void ExtendPartner(int paths, FineBrownianPaths noise)
    {
        var first = _partner[0].Count;
        if (paths <= first) return;
        var values = PathLaneEnsemble.Run<TModel>(_data, _particles, FlowRun.Gaussian(Alpha, _substeps * (_solverCheck ? 2 : 1)),
            paths - first, (uint)first, _steps * Alpha, _observables, noise, _threads);
        for (var p = 0; p < values.GetLength(0); p++)
            for (var k = 0; k < _observables.Count; k++) _partner[k].Add(values[p, k]);
    }

    /// <summary>The SGD side in SIMD lanes when the unit has feature lanes and the configuration is small, else null (scalar).</summary>
    private static ICoupledSgdSide? CreateSgdLanes(CoupledSgdSettings settings)
    {
        var lanes = UnitKernels.FeatureLanesOf(typeof(TModel));
        if (lanes is null || (long)settings.Particles.Length * settings.Data.Count > PathLaneEnsemble.MaxLaneWork) return null;
        var (ops, vector) = PathLaneEnsemble.LaneTypes(Simd.SimdWidth.Auto);
        return (ICoupledSgdSide)Activator.CreateInstance(typeof(CoupledSgdLanes<,,,>).MakeGenericType(typeof(TModel), lanes, ops, vector), settings)!;
    }

    /// <summary>A seed for one side of one level: SplitMix64 of (seed, tag, level), so sides and levels are independent.</summary>
    internal static ulong SeedFor(ulong seed, uint tag, int level)
    {
        var z = seed ^ ((ulong)tag << 32 | (uint)level) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static List<double>[] NewLists(int count)
    {
        var lists = new List<double>[count];
        for (var i = 0; i < count; i++) lists[i] = [];
        return lists;
    }

    private static void CheckFinite(IMeanFieldStepper stepper, double[] x, uint path, int step)
    {
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new Simulation.DivergenceException(stepper.ModelName, stepper.Name, step, (int)path, i / stepper.Dimension, x[i],
                    time: step * stepper.TimeStep, coordinate: i % stepper.Dimension);
    }
}
