using FlowDsl.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl.MeanField;

/// <summary>
/// M1, the classical measure-dependent particle SDE (math.md §4.4):
/// <c>dXₖ = V(Xₖ,μⁿ) dt + √α (Σ^{1/2})ₖ(X,μⁿ) dB</c> with the dn×dn covariance
/// <c>Σ = [Σ(Xₖ,Xₗ;μⁿ)]ₖₗ = F Fᵀ</c> (F from <see cref="MeanFieldEvaluator{TModel}.NoiseFactor"/>) and a
/// dn-dimensional B. Σ^{1/2} is the symmetric square root from a symmetric eigendecomposition (MathNet), O((dn)³)
/// per evaluation: this model exists to show that cost. Stepped by SH2 (math.md §5.2) with the diffusion at the
/// midpoint, h = α/substeps. It has the same generator, hence the same particle law, as M2.
/// </summary>
public sealed class ClassicalParticleSde<TModel> : IMeanFieldStepper where TModel : IMeanFieldModel
{
    private readonly MeanFieldEvaluator<TModel> _evaluator;
    private readonly double[] _drift;
    private readonly double[] _predictedDrift;
    private readonly double[] _support;
    private readonly double[] _factor;
    private readonly double[] _normals;

    /// <summary>M1 for <paramref name="particleCount"/> particles (keep n·d small: the cost is cubic in it).</summary>
    public ClassicalParticleSde(MeanFieldData data, int particleCount, double alpha, int substeps = 4, int threads = 1)
    {
        MeanFieldChecks.Alpha(alpha);
        MeanFieldChecks.Substeps(substeps);
        _evaluator = new MeanFieldEvaluator<TModel>(data, particleCount, threads);
        Alpha = alpha;
        Substeps = substeps;
        TimeStep = alpha / substeps;
        var length = particleCount * _evaluator.Dimension;
        _drift = new double[length];
        _predictedDrift = new double[length];
        _support = new double[length];
        _factor = new double[length * data.Count];
        _normals = new double[length];
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>Solver steps per α.</summary>
    public int Substeps { get; }

    /// <inheritdoc/>
    public string Name => $"M1 classical particle SDE (SH2, α = {Alpha:G4}, h = α/{Substeps})";

    /// <inheritdoc/>
    public string ModelName => TModel.Name;

    /// <inheritdoc/>
    public int ParticleCount => _evaluator.ParticleCount;

    /// <inheritdoc/>
    public int Dimension => _evaluator.Dimension;

    /// <inheritdoc/>
    public double TimeStep { get; }

    /// <inheritdoc/>
    public void Step(double[] x, ulong seed, uint path, uint step)
    {
        var h = TimeStep;
        var rng = new CounterRng(seed, path, step, MeanFieldStreams.ClassicalNoise);
        rng.FillNormal(_normals);
        var scale = Math.Sqrt(Alpha * h);

        _evaluator.Drift(x, Alpha, corrected: false, _drift);
        var noise = CovarianceRootTimes(x, _normals);
        for (var i = 0; i < x.Length; i++) _support[i] = x[i] + _drift[i] * h + scale * noise[i];
        _evaluator.Drift(_support, Alpha, corrected: false, _predictedDrift);

        for (var i = 0; i < x.Length; i++) _support[i] = x[i] + 0.5 * _drift[i] * h;
        _evaluator.ComputeResidualsAndField(_support);
        noise = CovarianceRootTimes(_support, _normals);
        for (var i = 0; i < x.Length; i++) x[i] += 0.5 * (_drift[i] + _predictedDrift[i]) * h + scale * noise[i];
    }

    /// <summary>The dn×dn covariance <c>Σ = F Fᵀ = [Σ(xₖ,xₗ;νⁿ)]ₖₗ</c> at x.</summary>
    public Matrix<double> Covariance(double[] x)
    {
        _evaluator.ComputeResidualsAndField(x);
        return CovarianceFromField(x);
    }

    /// <summary>Σ at x, using the r and V of x already in the evaluator.</summary>
    private Matrix<double> CovarianceFromField(double[] x)
    {
        _evaluator.NoiseFactor(x, _factor);
        var f = Matrix<double>.Build.Dense(x.Length, _evaluator.Data.Count, (i, j) => _factor[i * _evaluator.Data.Count + j]);
        return f * f.Transpose();
    }

    /// <summary>Σ^{1/2}(x) ζ via the symmetric eigendecomposition Σ = Q Λ Qᵀ, Σ^{1/2} = Q Λ^{1/2} Qᵀ.</summary>
    private double[] CovarianceRootTimes(double[] x, double[] zeta)
    {
        var sigma = CovarianceFromField(x);
        var evd = sigma.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var roots = evd.EigenValues.Select(z => Math.Sqrt(Math.Max(0.0, z.Real))).ToArray();
        var projected = q.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(zeta));
        for (var i = 0; i < roots.Length; i++) projected[i] *= roots[i];
        return (q * projected).ToArray();
    }
}
