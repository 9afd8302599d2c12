using FlowDsl.Noise;
using FlowDsl.Schemes;

namespace FlowDsl.Simulation;

/// <summary>
/// Drift and noise of one point of a continuous model for one worker thread:
/// a(x) = −∇R(x) (order 1) or −∇R(x) − (α/2)∇²R(x)∇R(x) (order 2, math.md §2.1: <see cref="ModifiedDrift{TModel}"/>),
/// and the <see cref="NoiseField"/>.
/// </summary>
internal sealed class SdeWorker<TModel> : ISdeCoefficients where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly int _order;
    private readonly double _alpha;
    private readonly ModifiedDrift<TModel> _modified;
    private readonly double[] _g, _hg;
    private readonly NodeGradientCache<TModel>? _nodes;

    public SdeWorker(MeanRisk<TModel> mean, int driftOrder, double alpha, NoiseField? noise)
    {
        _nodes = (noise as SmeNoise<TModel>)?.Nodes ?? NodeGradientCache<TModel>.For(mean);
        _hg = new double[mean.Dimension];
        _mean = mean;
        _order = driftOrder;
        _alpha = alpha;
        _modified = new ModifiedDrift<TModel>(mean);
        Noise = noise;
        _g = new double[mean.Dimension];
    }

    public NoiseField? Noise { get; }
    public int Dimension => _mean.Dimension;
    public int Rank => Noise?.Rank ?? 0;

    public void Drift(ReadOnlySpan<double> x, Span<double> a)
    {
        if (_nodes is not null)
        {
            // The same numbers as ModifiedDrift / MeanRisk.Gradient, with ∇R(x) from the node gradients the noise may reuse.
            _nodes.Gradient(x[..Dimension], _g);
            if (_order < 2)
            {
                for (var i = 0; i < _g.Length; i++) a[i] = -_g[i];
                return;
            }
            _mean.HessianVectorProduct(x[..Dimension], _g, _hg);
            var half = _alpha / 2;
            for (var i = 0; i < _g.Length; i++) a[i] = -_g[i] - half * _hg[i];
            return;
        }
        if (_order >= 2)
        {
            _modified.Drift(x[..Dimension], _alpha, a[..Dimension]);
            return;
        }
        _mean.Gradient(x, _g);
        for (var i = 0; i < _g.Length; i++) a[i] = -_g[i];
    }

    public void Diffusion(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        if (Noise is null) result[..Dimension].Clear();
        else Noise.Apply(x, dW, result);
    }

    public void Columns(ReadOnlySpan<double> x, Span<double> columns) => Noise?.Columns(x, columns);
}
