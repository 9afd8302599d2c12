namespace FlowDsl.Noise;

/// <summary>
/// Exact SMF noise when ∇R is affine in θ (math.md §3.4 b1): G(x,θ) = −J(x)(θ − m) with J = ∂_θ∇ₓR and m = Eθ, so
/// Σ(x,y) = J(x) S J(y)ᵀ (S = Cov θ) and ∫G W(dθ,dt) = −J(x) S^{1/2} dβ with a (dim θ)-dimensional Brownian motion β
/// (for any law of θ: the noise is the Gaussian field with kernel Σ), one <see cref="IRiskModel.DataJacobianProduct"/> per evaluation.
/// </summary>
internal sealed partial class SmfAffineNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double _scale;
    private readonly double[] _u;

    public SmfAffineNoise(MeanRisk<TModel> mean, double scale) : base(mean.Dimension, mean.DataDimension)
    {
        if (mean.Method != MeanMethod.AffineInData)
            throw new ArgumentException("This SMF noise needs a gradient affine in θ and a law with a mean and covariance.", nameof(mean));
        _mean = mean;
        _scale = scale;
        _u = new double[mean.DataDimension];
    }

    public override string Description => "−J(x) Cov(θ)^{1/2} dβ (G affine in θ)";

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        // u = S^{1/2} dW, then −J(x)u. ApplyScalarBlock (SmfAffineNoise.Scalar.cs) repeats these operations for d = 1.
        var columns = _mean.RootColumns;
        Array.Clear(_u);
        for (var k = 0; k < Rank; k++)
        {
            var w = dW[k];
            var c = columns[k];
            for (var i = 0; i < _u.Length; i++) _u[i] += c[i] * w;
        }
        TModel.DataJacobianProduct(x, _mean.DataMean, _u, result);
        for (var i = 0; i < Dimension; i++) result[i] *= -_scale;
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        var d = Dimension;
        for (var k = 0; k < Rank; k++)
        {
            var column = columns.Slice(k * d, d);
            TModel.DataJacobianProduct(x, _mean.DataMean, _mean.RootColumns[k], column);
            for (var i = 0; i < d; i++) column[i] *= -_scale;
        }
    }
}
