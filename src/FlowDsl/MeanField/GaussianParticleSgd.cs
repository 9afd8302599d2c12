using System.Numerics.Tensors;

namespace FlowDsl.MeanField;

/// <summary>
/// "Gaussian SGD": the Euler–Maruyama step α of the DD-SF (math.md §4.4 M2, §5.1),
/// <c>xₖ ← xₖ + α Vₖ + α Σⱼ √pⱼ Gⱼₖ ξⱼ</c>, ξ the Brownian increment of the α-interval over √α.
/// Its one-step mean and covariance are exactly those of particle SGD (math.md §4.2–4.3); driven by the same ξ as SGD
/// (through <see cref="AtomCoupling"/>) and as the flows (the same Brownian path) it is the cheap control partner of
/// the coupled Monte Carlo estimator of the weak error (see <see cref="MeanFieldOrderStudy{TModel}"/>).
/// </summary>
public sealed class GaussianParticleSgd<TModel> : IMeanFieldStepper where TModel : IMeanFieldModel
{
    private readonly MeanFieldEvaluator<TModel> _evaluator;
    private readonly double[] _noise;
    private readonly double[] _xi;
    private readonly double[] _scratch;

    /// <summary>The partner for <paramref name="particleCount"/> particles on <paramref name="data"/> with step α.</summary>
    public GaussianParticleSgd(MeanFieldData data, int particleCount, double alpha)
    {
        MeanFieldChecks.Alpha(alpha);
        _evaluator = new MeanFieldEvaluator<TModel>(data, particleCount);
        Alpha = alpha;
        _noise = new double[particleCount * _evaluator.Dimension];
        _xi = new double[data.Count];
        _scratch = new double[data.Count];
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>Antithetic pairs (paths 2q, 2q+1 share key q, the second with ξ ↦ −ξ).</summary>
    public bool Antithetic { get; init; }

    /// <summary>Fine Brownian increments per α-step (see <see cref="MeanFieldFlow{TModel}.NoiseSubdivisions"/>); default 1.</summary>
    public int NoiseSubdivisions
    {
        get => _noiseSubdivisions;
        init => _noiseSubdivisions = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(NoiseSubdivisions), value, "The number of finer Brownian increments per step must be at least 1.");
    }

    private readonly int _noiseSubdivisions = 1;

    /// <inheritdoc/>
    public string Name => $"Gaussian SGD (Euler–Maruyama DD-SF, α = {Alpha:G4})";

    /// <inheritdoc/>
    public string ModelName => TModel.Name;

    /// <inheritdoc/>
    public int ParticleCount => _evaluator.ParticleCount;

    /// <inheritdoc/>
    public int Dimension => _evaluator.Dimension;

    /// <inheritdoc/>
    public double TimeStep => Alpha;

    /// <inheritdoc/>
    public void Step(double[] x, ulong seed, uint path, uint step)
    {
        BrownianIncrements.Draw(seed, path, step, _noiseSubdivisions, Antithetic, _xi, _scratch);
        StepWith(x, _xi);
    }

    /// <summary>One step driven by the given normals ξ (one per atom).</summary>
    public void StepWith(double[] x, ReadOnlySpan<double> xi)
    {
        _evaluator.ComputeResidualsAndField(x);
        // α Σⱼ √pⱼ Gⱼₖ ξⱼ is the cylindrical increment with √h replaced by α.
        _evaluator.NoiseIncrement(x, xi, Alpha, _noise);
        TensorPrimitives.MultiplyAdd(_evaluator.Field, Alpha, _noise, _noise);
        TensorPrimitives.Add(x, _noise, x);
    }
}
