using System.Numerics.Tensors;

namespace FlowDsl.Mnist.Bridge;

/// <summary>
/// The mean risk of the empirical law P_N = (1/N)Σ_j δ_{θ_j} over N atoms, R(x) = (1/N)Σ_j R(x,θ_j), and the
/// pieces the SME-2/SMF-2 drift and the cylindrical noise need, all from the model's per-sample kernels.
/// Single-threaded and with private scratch buffers: use one instance per thread (paths run in parallel).
/// </summary>
public sealed class EmpiricalRisk<TModel> where TModel : IRiskModel
{
    private readonly double[][] _atoms;
    private readonly double[] _g;
    private readonly double[] _hv;

    /// <summary>The atoms θ_j (each of the model's data length).</summary>
    public EmpiricalRisk(double[][] atoms)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        if (atoms.Length < 2) throw new ArgumentException($"The empirical law needs at least 2 atoms, got {atoms.Length}.", nameof(atoms));
        _atoms = atoms;
        _g = new double[TModel.Layout.ParameterCount];
        _hv = new double[TModel.Layout.ParameterCount];
    }

    /// <summary>N, the number of atoms.</summary>
    public int AtomCount => _atoms.Length;

    /// <summary>R(x) = (1/N)Σ_j R(x,θ_j).</summary>
    public double Value(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var θ in _atoms) s += TModel.Risk(x, θ);
        return s / _atoms.Length;
    }

    /// <summary>
    /// One sweep over the atoms: writes the mean gradient ∇R(x) into <paramref name="mean"/> and, when
    /// <paramref name="weights"/> (ξ_j) is given, the weighted sum Σ_j ξ_j ∇R(x,θ_j) into <paramref name="weighted"/>.
    /// Returns R(x).
    /// </summary>
    public double GradientSweep(ReadOnlySpan<double> x, Span<double> mean, ReadOnlySpan<double> weights, Span<double> weighted)
    {
        mean.Clear();
        if (!weights.IsEmpty) weighted.Clear();
        var risk = 0.0;
        for (var j = 0; j < _atoms.Length; j++)
        {
            risk += TModel.Gradient(x, _atoms[j], _g);
            TensorPrimitives.Add(mean, _g, mean);
            if (!weights.IsEmpty) TensorPrimitives.MultiplyAdd(_g, weights[j], weighted, weighted);
        }
        TensorPrimitives.Multiply(mean, 1.0 / _atoms.Length, mean);
        return risk / _atoms.Length;
    }

    /// <summary>∇²R(x)·v = (1/N)Σ_j ∇²R(x,θ_j)·v into <paramref name="result"/>.</summary>
    public void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        result.Clear();
        foreach (var θ in _atoms)
        {
            TModel.HessianVectorProduct(x, θ, v, _hv);
            TensorPrimitives.Add(result, _hv, result);
        }
        TensorPrimitives.Multiply(result, 1.0 / _atoms.Length, result);
    }

    /// <summary>
    /// The SME-2/SMF-2 drift a(x) = −∇R − (α/2)∇²R∇R (math.md §2, §3.2) into <paramref name="drift"/>, given the mean
    /// gradient <paramref name="meanGradient"/> at x; <paramref name="correction"/> receives −(α/2)∇²R∇R alone.
    /// </summary>
    public void Drift(ReadOnlySpan<double> x, ReadOnlySpan<double> meanGradient, double alpha, Span<double> drift, Span<double> correction)
    {
        HessianVectorProduct(x, meanGradient, correction);
        TensorPrimitives.Multiply(correction, -alpha / 2, correction);
        TensorPrimitives.Subtract(correction, meanGradient, drift);
    }
}
