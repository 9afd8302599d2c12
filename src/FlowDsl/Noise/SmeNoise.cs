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
    private readonly string _description;

    public SmeNoise(MeanRisk<TModel> mean, double scale, string description = "Σ(x)^{1/2} dW (symmetric root)") : base(mean.Dimension, mean.Dimension)
    {
        Nodes = NodeGradientCache<TModel>.For(mean); // one model call per node, shared with the drift at the same x
        _description = description;
        _mean = mean;
        _scale = scale;
        var d = mean.Dimension;
        _sigma = new double[d * d];
        _root = new double[d * d];
        _work = new double[2 * d * d + d];
    }

    public override string Description => _description;

    /// <summary>The node-gradient cache of this thread (null when the means have an affine shortcut): the drift may share it.</summary>
    public NodeGradientCache<TModel>? Nodes { get; }

    private void Root(ReadOnlySpan<double> x)
    {
        if (Nodes is not null) Nodes.Kernel(x, _sigma);
        else _mean.NoiseKernel(x, x, _sigma);
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
