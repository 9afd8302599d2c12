namespace FlowDsl.Simulation;

/// <summary>
/// The modified-equation correction of SGD for any generated model (math.md §2.1): the SME-2 drift is
/// <c>−∇R − (α/4)∇|∇R|²</c>, and by <c>∇|∇R|² = 2∇²R∇R</c> the correction is
/// <c>−(α/4)∇|∇R|² = −(α/2)∇²R(x)∇R(x)</c>, formed here from the generated <c>Gradient</c> and
/// <c>HessianVectorProduct</c> averaged over the law (<see cref="MeanRisk{TModel}"/>: ∇R(x) = E_θ∇R(x,θ)); no dense Hessian.
/// The SME-2/SMF-2 simulators use exactly this drift; the generated lane steps fold the same terms into their code.
/// </summary>
/// <typeparam name="TModel">The (generated) model.</typeparam>
public sealed class ModifiedDrift<TModel> where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double[] _g, _hg;

    /// <summary>The correction for <typeparamref name="TModel"/> under the mean quantities <paramref name="mean"/>.</summary>
    public ModifiedDrift(MeanRisk<TModel> mean)
    {
        _mean = mean ?? throw new ArgumentNullException(nameof(mean));
        _g = new double[mean.Dimension];
        _hg = new double[mean.Dimension];
    }

    /// <summary>The correction for <typeparamref name="TModel"/> under <paramref name="law"/> (default: the model's own law).</summary>
    public ModifiedDrift(Law? law = null) : this(new MeanRisk<TModel>(law)) { }

    /// <summary>d, the number of parameters.</summary>
    public int Dimension => _mean.Dimension;

    /// <summary><c>result = −(α/4)∇|∇R|²(x) = −(α/2)∇²R(x)∇R(x)</c>, the SME-2 correction alone (not thread-safe: one instance per thread).</summary>
    public void Correction(ReadOnlySpan<double> x, double alpha, Span<double> result)
    {
        Check(x, alpha, result);
        _mean.Gradient(x, _g);
        _mean.HessianVectorProduct(x, _g, _hg);
        var half = alpha / 2;
        for (var i = 0; i < _g.Length; i++) result[i] = -half * _hg[i];
    }

    /// <summary><c>result = −∇R(x) − (α/2)∇²R(x)∇R(x)</c>, the SME-2 (and SMF-2) drift (not thread-safe: one instance per thread).</summary>
    public void Drift(ReadOnlySpan<double> x, double alpha, Span<double> result)
    {
        Check(x, alpha, result);
        _mean.Gradient(x, _g);
        _mean.HessianVectorProduct(x, _g, _hg);
        var half = alpha / 2;
        for (var i = 0; i < _g.Length; i++) result[i] = -_g[i] - half * _hg[i];
    }

    private void Check(ReadOnlySpan<double> x, double alpha, Span<double> result)
    {
        if (x.Length != Dimension) throw new ArgumentException($"x has length {x.Length}; model '{TModel.Name}' has d = {Dimension}.", nameof(x));
        if (result.Length != Dimension) throw new ArgumentException($"result has length {result.Length}; model '{TModel.Name}' has d = {Dimension}.", nameof(result));
        if (!(alpha >= 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The learning rate α must be a finite number ≥ 0.");
    }
}
