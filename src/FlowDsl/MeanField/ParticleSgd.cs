using FlowDsl.Random;

namespace FlowDsl.MeanField;

/// <summary>
/// Particle SGD with the mean-field learning-rate convention (math.md §4.2): per step draw j ~ p and set
/// <c>xₖ ← xₖ + α rⱼ ∇ₓΦ(θⱼ, xₖ)</c> for every k (per-parameter learning rate nα, time t = iα).
/// </summary>
public sealed class ParticleSgd<TModel> : IMeanFieldStepper where TModel : IMeanFieldModel
{
    private readonly MeanFieldEvaluator<TModel> _evaluator;

    /// <summary>SGD for <paramref name="particleCount"/> particles on <paramref name="data"/> with step α.</summary>
    public ParticleSgd(MeanFieldData data, int particleCount, double alpha, int threads = 1)
    {
        MeanFieldChecks.Alpha(alpha);
        _evaluator = new MeanFieldEvaluator<TModel>(data, particleCount, threads);
        Alpha = alpha;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public string Name => $"particle SGD (α = {Alpha:G4})";

    /// <inheritdoc/>
    public string ModelName => TModel.Name;

    /// <inheritdoc/>
    public int ParticleCount => _evaluator.ParticleCount;

    /// <inheritdoc/>
    public int Dimension => _evaluator.Dimension;

    /// <inheritdoc/>
    public double TimeStep => Alpha;

    /// <summary>The atom index drawn at (seed, path, step).</summary>
    public int DrawAtom(ulong seed, uint path, uint step)
    {
        var rng = new CounterRng(seed, path, step, MeanFieldStreams.SgdAtom);
        return _evaluator.Data.IndexOf(rng.NextUniform());
    }

    /// <inheritdoc/>
    public void Step(double[] x, ulong seed, uint path, uint step) => _evaluator.SgdStep(x, DrawAtom(seed, path, step), Alpha);

    /// <summary>One step on a given atom j (used by exact enumeration over an empirical P).</summary>
    public void StepOn(double[] x, int atom) => _evaluator.SgdStep(x, atom, Alpha);
}
