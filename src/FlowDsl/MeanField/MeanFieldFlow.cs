using System.Numerics.Tensors;

namespace FlowDsl.MeanField;

/// <summary>
/// M0, M2 or M3 (math.md §4.4) on n particles with common noise, stepped by stochastic Heun with midpoint diffusion
/// (SH2, math.md §5.2), h = α/substeps. With drift a and the cylindrical noise ΔI of §4.5 (the SAME ξⱼ for every
/// particle, and for both noise evaluations of a step):
/// <code>
/// Ȳ = Y + a(Y) h + √α ΔI(Y)
/// Ŷ = Y + ½ a(Y) h
/// Y ← Y + ½[a(Ȳ) + a(Y)] h + √α ΔI(Ŷ)
/// </code>
/// Every supporting value is formed for the whole configuration, since the drift of one particle depends on all.
/// M0 has no noise (Heun). Weak error O(h² + α²h).
/// </summary>
public sealed class MeanFieldFlow<TModel> : IMeanFieldStepper where TModel : IMeanFieldModel
{
    private readonly MeanFieldEvaluator<TModel> _evaluator;
    private readonly double[] _drift;
    private readonly double[] _predictedDrift;
    private readonly double[] _noise;
    private readonly double[] _support;
    private readonly double[] _xi;
    private readonly double[] _fineXi;

    /// <summary>The model <paramref name="kind"/> for <paramref name="particleCount"/> particles on <paramref name="data"/>.</summary>
    /// <param name="data">The data law (atoms θⱼ, weights pⱼ).</param>
    /// <param name="particleCount">n.</param>
    /// <param name="kind">M0, M2 or M3.</param>
    /// <param name="alpha">α, the learning rate the model approximates (noise intensity and correction).</param>
    /// <param name="substeps">Solver steps per α: h = α/substeps (math.md §5.2 recommends 4…8).</param>
    /// <param name="threads">Threads over particle blocks; results do not depend on it.</param>
    public MeanFieldFlow(MeanFieldData data, int particleCount, MeanFieldFlowKind kind, double alpha, int substeps = 4, int threads = 1)
        : this(data, particleCount, kind, alpha, substeps, threads, default)
    {
    }

    /// <summary>As the public constructor, with the unit kernels of the evaluator chosen by <paramref name="kernels"/>.</summary>
    internal MeanFieldFlow(MeanFieldData data, int particleCount, MeanFieldFlowKind kind, double alpha, int substeps, int threads, UnitKernelOptions kernels)
    {
        MeanFieldChecks.Alpha(alpha);
        MeanFieldChecks.Substeps(substeps);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mean-field model.");
        _evaluator = new MeanFieldEvaluator<TModel>(data, particleCount, threads, kernels);
        Kind = kind;
        Alpha = alpha;
        Substeps = substeps;
        TimeStep = alpha / substeps;
        var length = particleCount * _evaluator.Dimension;
        _drift = new double[length];
        _predictedDrift = new double[length];
        _noise = new double[length];
        _support = new double[length];
        _xi = new double[data.Count];
        _fineXi = new double[data.Count];
    }

    /// <summary>
    /// When true, paths come in antithetic pairs (math.md §7.3.3): paths 2q and 2q+1 use the draws of key q, the second
    /// with ξ ↦ −ξ. Each path keeps the exact law; the pair average cancels the odd-order noise terms.
    /// </summary>
    public bool Antithetic { get; init; }

    /// <summary>
    /// c ≥ 1: the Brownian increment of solver step i is the sum of c finer ones, ξ = (ξ_{ci} + … + ξ_{ci+c−1})/√c,
    /// each drawn with the step key of the finer grid. Runs with h = c·h₀ (any α, any K) then share ONE Brownian path
    /// on the grid h₀ (math.md §7.3 coupling), so weak errors at different α and the h/2 solver check are correlated.
    /// Default 1: the draws of step i only.
    /// </summary>
    public int NoiseSubdivisions
    {
        get => _noiseSubdivisions;
        init => _noiseSubdivisions = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(NoiseSubdivisions), value, "The number of finer Brownian increments per step must be at least 1.");
    }

    private readonly int _noiseSubdivisions = 1;

    /// <summary>Which model.</summary>
    public MeanFieldFlowKind Kind { get; }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>Solver steps per α.</summary>
    public int Substeps { get; }

    /// <inheritdoc/>
    public string Name => Kind switch
    {
        MeanFieldFlowKind.MeanFieldOde => "M0 mean-field ODE",
        MeanFieldFlowKind.DistributionDependentFlow => "M2 DD-SF",
        _ => "M3 DD-SMF",
    } + $" (SH2, α = {Alpha:G4}, h = α/{Substeps})";

    /// <inheritdoc/>
    public string ModelName => TModel.Name;

    /// <inheritdoc/>
    public int ParticleCount => _evaluator.ParticleCount;

    /// <inheritdoc/>
    public int Dimension => _evaluator.Dimension;

    /// <inheritdoc/>
    public double TimeStep { get; }

    /// <summary>The evaluator (its r, V, … are those of the last supporting value formed).</summary>
    public MeanFieldEvaluator<TModel> Evaluator => _evaluator;

    /// <inheritdoc/>
    public void Step(double[] x, ulong seed, uint path, uint step)
    {
        var h = TimeStep;
        var corrected = Kind == MeanFieldFlowKind.DistributionDependentModifiedFlow;
        var noisy = Kind != MeanFieldFlowKind.MeanFieldOde;
        var noiseScale = Math.Sqrt(Alpha);

        _evaluator.Drift(x, Alpha, corrected, _drift);
        if (noisy)
        {
            BrownianIncrements.Draw(seed, path, step, _noiseSubdivisions, Antithetic, _xi, _fineXi);
            _evaluator.NoiseIncrement(x, _xi, Math.Sqrt(h), _noise);
        }

        // Predictor Ȳ = Y + a h + √α ΔI(Y): two axpys over the whole configuration (same rounding as the scalar loop).
        TensorPrimitives.MultiplyAdd(_drift, h, x, _support);
        if (noisy) TensorPrimitives.MultiplyAdd(_noise, noiseScale, _support, _support);
        _evaluator.Drift(_support, Alpha, corrected, _predictedDrift);

        if (noisy)
        {
            // Midpoint Ŷ = Y + ½ a h for the diffusion.
            TensorPrimitives.MultiplyAdd(_drift, 0.5 * h, x, _support);
            _evaluator.ComputeResidualsAndField(_support);
            _evaluator.NoiseIncrement(_support, _xi, Math.Sqrt(h), _noise);
        }

        // Y += ½(a(Y) + a(Ȳ)) h + √α ΔI(Ŷ), the increment formed first (as x[i] += … does).
        TensorPrimitives.Add(_drift, _predictedDrift, _support);
        TensorPrimitives.Multiply(_support, 0.5 * h, _support);
        if (noisy) TensorPrimitives.MultiplyAdd(_noise, noiseScale, _support, _support);
        TensorPrimitives.Add(x, _support, x);
    }
}
