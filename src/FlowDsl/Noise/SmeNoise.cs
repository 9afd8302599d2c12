namespace FlowDsl.Noise;

/// <summary>
/// SME noise √(α/B) Σ(x)^{1/2} dW with the symmetric PSD root of Σ(x) = E[GGᵀ] (math.md §2.1), d Brownian motions.
/// For small d: Σ^{1/2} comes from a Jacobi eigendecomposition per evaluation.
/// </summary>
internal sealed class SmeNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double _scale;
    private readonly double[] _sigma, _root, _work;

    public SmeNoise(MeanRisk<TModel> mean, double scale) : base(mean.Dimension, mean.Dimension)
    {
        _mean = mean;
        _scale = scale;
        var d = mean.Dimension;
        _sigma = new double[d * d];
        _root = new double[d * d];
        _work = new double[2 * d * d + d];
    }

    public override string Description => "Σ(x)^{1/2} dW (symmetric root)";

    private void Root(ReadOnlySpan<double> x)
    {
        _mean.NoiseKernel(x, x, _sigma);
        SymmetricEigen.SquareRoot(_sigma, Dimension, _root, _work);
    }

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        Root(x);
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            double sum = 0;
            for (var j = 0; j < d; j++) sum += _root[i * d + j] * dW[j];
            result[i] = _scale * sum;
        }
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        Root(x);
        var d = Dimension;
        for (var j = 0; j < d; j++)
            for (var i = 0; i < d; i++) columns[j * d + i] = _scale * _root[i * d + j];
    }
}
