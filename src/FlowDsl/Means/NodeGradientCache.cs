namespace FlowDsl;

/// <summary>
/// The node gradients gₙ = ∇ₓR(x,θₙ) at the last point x asked for, for one worker thread. The drift's ∇R(x) and the SME
/// noise's Σ(x) at the same x — the first stage of a stochastic Heun step evaluates both — then share one model call per
/// node, where separate evaluations would make three (∇R for the drift, then ∇R and every G for Σ).
/// </summary>
internal sealed class NodeGradientCache<TModel> where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double[] _gradients, _point, _meanGradient, _centred;
    private bool _valid;

    private NodeGradientCache(MeanRisk<TModel> mean)
    {
        _mean = mean;
        var d = mean.Dimension;
        _gradients = new double[mean.NodeGradientsLength];
        _point = new double[d];
        _meanGradient = new double[d];
        _centred = new double[mean.KernelScratchLength];
    }

    /// <summary>A cache when the means are sums over nodes (<see cref="MeanRisk{TModel}.HasNodePath"/>), else null.</summary>
    public static NodeGradientCache<TModel>? For(MeanRisk<TModel> mean) => mean.HasNodePath ? new(mean) : null;

    /// <summary>∇R(x) into <paramref name="result"/>, bit for bit <see cref="MeanRisk{TModel}.Gradient"/>.</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> result)
    {
        At(x);
        _meanGradient.CopyTo(result);
    }

    /// <summary>Σ(x) into <paramref name="kernel"/> (d×d, row-major).</summary>
    public void Kernel(ReadOnlySpan<double> x, Span<double> kernel)
    {
        At(x);
        _mean.KernelFromNodes(_gradients, _meanGradient, kernel, _centred);
    }

    private void At(ReadOnlySpan<double> x)
    {
        if (_valid && x.SequenceEqual(_point)) return;
        _mean.NodeGradients(x, _gradients, _meanGradient);
        x.CopyTo(_point);
        _valid = true;
    }
}
