namespace FlowDsl.Noise;

/// <summary>
/// Noise built from gradient noise at finitely many nodes θⱼ: columns bʲ(x) = cⱼ G(x,θⱼ) with G = ∇R(x) − ∇R(x,θⱼ)
/// (the exact mean ∇R), so ΔI(x) = Σⱼ cⱼ G(x,θⱼ) ΔWʲ. Atoms of P (cⱼ = √pⱼ) and Monte Carlo features (cⱼ = 1/√M) share it.
/// </summary>
internal abstract class NodeNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly double[] _meanGradient, _g;

    protected NodeNoise(MeanRisk<TModel> mean, double[][] nodes, double[] factors) : base(mean.Dimension, nodes.Length)
    {
        Mean = mean;
        Nodes = nodes;
        Factors = factors;
        _meanGradient = new double[mean.Dimension];
        _g = new double[mean.Dimension];
    }

    protected MeanRisk<TModel> Mean { get; }
    protected double[][] Nodes { get; }
    protected double[] Factors { get; }

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        var d = Dimension;
        Mean.Gradient(x, _meanGradient);
        result[..d].Clear();
        for (var j = 0; j < Rank; j++)
        {
            MeanRisk<TModel>.GradientNoise(x, Nodes[j], _meanGradient, _g);
            var w = Factors[j] * dW[j];
            for (var i = 0; i < d; i++) result[i] += w * _g[i];
        }
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        var d = Dimension;
        Mean.Gradient(x, _meanGradient);
        for (var j = 0; j < Rank; j++)
        {
            var column = columns.Slice(j * d, d);
            MeanRisk<TModel>.GradientNoise(x, Nodes[j], _meanGradient, column);
            for (var i = 0; i < d; i++) column[i] *= Factors[j];
        }
    }
}
