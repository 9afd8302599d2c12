using FlowDsl.Simulation;

namespace FlowDsl.Noise;

/// <summary>
/// Exact SMF noise for a law reproduced by finitely many atoms θⱼ with weights pⱼ (math.md §3.4 a):
/// ΔI(x) = Σⱼ √pⱼ G(x,θⱼ) ΔWʲ, scaled by √(α/B), one Brownian motion per atom, shared by every point.
/// The atoms are the support of a finitely supported P, or the nodes of a quadrature that is exact for the
/// degree-2p polynomial θ ↦ G(x,θ)G(y,θ)ᵀ: either way E[ΔI(x)ΔI(y)ᵀ] = hΣ(x,y) exactly, and a centred Gaussian field
/// is determined by that kernel.
/// </summary>
internal sealed class SmfAtomNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double[][] _atoms;
    private readonly double[] _factors, _meanGradient, _g;
    private readonly string _what;

    public SmfAtomNoise(MeanRisk<TModel> mean, Quadrature atoms, double scale, string what)
        : base(mean.Dimension, atoms.Count)
    {
        _mean = mean;
        _atoms = atoms.Nodes;
        _factors = atoms.Weights.Select(w => scale * Math.Sqrt(w)).ToArray();
        _meanGradient = new double[mean.Dimension];
        _g = new double[mean.Dimension];
        _what = what;
    }

    public override string Description => $"Σⱼ √pⱼ G(x,θⱼ) dβⱼ over {Rank} {_what}";

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        var d = Dimension;
        _mean.Gradient(x, _meanGradient);
        result[..d].Clear();
        for (var j = 0; j < Rank; j++)
        {
            MeanRisk<TModel>.GradientNoise(x, _atoms[j], _meanGradient, _g);
            var w = _factors[j] * dW[j];
            for (var i = 0; i < d; i++) result[i] += w * _g[i];
        }
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        var d = Dimension;
        _mean.Gradient(x, _meanGradient);
        for (var j = 0; j < Rank; j++)
        {
            var column = columns.Slice(j * d, d);
            MeanRisk<TModel>.GradientNoise(x, _atoms[j], _meanGradient, column);
            for (var i = 0; i < d; i++) column[i] *= _factors[j];
        }
    }
}
