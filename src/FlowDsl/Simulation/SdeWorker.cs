using FlowDsl.Noise;
using FlowDsl.Schemes;

namespace FlowDsl.Simulation;

/// <summary>
/// Drift and noise of one point of a continuous model for one worker thread:
/// a(x) = −∇R(x) (order 1) or −∇R(x) − (α/2)∇²R(x)∇R(x) (order 2, math.md §2.1: <see cref="ModifiedDrift{TModel}"/>),
/// and the <see cref="NoiseField"/>.
/// </summary>
internal sealed partial class SdeWorker<TModel> : IScalarSdeCoefficients where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly int _order;
    private readonly double _alpha;
    private readonly double[] _g, _hg;
    private readonly NodeGradientCache<TModel>? _nodes;

    public SdeWorker(MeanRisk<TModel> mean, int driftOrder, double alpha, NoiseField? noise)
    {
        _nodes = (noise as SmeNoise<TModel>)?.Nodes ?? NodeGradientCache<TModel>.For(mean);
        _hg = new double[mean.Dimension];
        _mean = mean;
        _order = driftOrder;
        _alpha = alpha;
        Noise = noise;
        _g = new double[mean.Dimension];
    }

    public NoiseField? Noise { get; }

    /// <summary>Whether drift and noise share node gradients at the same x (then a point's drift and noise calls must stay adjacent).</summary>
    public bool SharesNodeGradients => _nodes is not null;
    public int Dimension => _mean.Dimension;
    public int Rank => Noise?.Rank ?? 0;

    public void Drift(ReadOnlySpan<double> x, Span<double> a)
    {
        // The same numbers as ModifiedDrift / MeanRisk.Gradient (without their argument checks, once per point-step), with
        // ∇R(x) from the node gradients the noise may reuse. DriftBlock repeats these operations for d = 1 (SdeWorker.Scalar.cs).
        var d = Dimension;
        if (_nodes is not null) _nodes.Gradient(x[..d], _g);
        else _mean.Gradient(x[..d], _g);
        if (_order < 2)
        {
            for (var i = 0; i < _g.Length; i++) a[i] = -_g[i];
            return;
        }
        _mean.HessianVectorProduct(x[..d], _g, _hg);
        var half = _alpha / 2;
        for (var i = 0; i < _g.Length; i++) a[i] = -_g[i] - half * _hg[i];
    }

    public void Diffusion(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        if (Noise is null) result[..Dimension].Clear();
        else Noise.Apply(x, dW, result);
    }

    public void Columns(ReadOnlySpan<double> x, Span<double> columns) => Noise?.Columns(x, columns);
}
