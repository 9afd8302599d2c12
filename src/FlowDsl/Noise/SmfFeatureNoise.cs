using FlowDsl.Random;
using FlowDsl.Simulation;

namespace FlowDsl.Noise;

/// <summary>
/// Monte Carlo features for the SMF noise when no exact factorization exists (math.md §3.4 b2): each solver step draws
/// θ'₁..θ'_M ~ P, shared by the points of the noise group, and ΔI(x) = √(h/M) Σₘ G(x,θ'ₘ) ξₘ with the exact mean ∇R(x).
/// Unconditionally E[ΔI(x)ΔI(y)ᵀ] = hΣ(x,y); the weak bias is O(α²h/M).
/// </summary>
internal sealed class SmfFeatureNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double _factor;
    private readonly ulong _seed;
    private readonly double[][] _features;
    private readonly double[] _meanGradient, _g;

    public SmfFeatureNoise(MeanRisk<TModel> mean, double scale, int features, ulong seed) : base(mean.Dimension, features)
    {
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "The number of Monte Carlo features M must be at least 1.");
        _mean = mean;
        _factor = scale / Math.Sqrt(features);
        _seed = seed;
        _features = new double[features][];
        for (var m = 0; m < features; m++) _features[m] = new double[mean.DataDimension];
        _meanGradient = new double[mean.Dimension];
        _g = new double[mean.Dimension];
    }

    public override string Description => $"√(1/M) Σₘ G(x,θ'ₘ) dβₘ, M = {Rank} Monte Carlo features resampled each step";

    public override void BeginStep(uint pathKey, uint stream, int step)
    {
        var rng = new CounterRng(_seed, pathKey, (uint)step, RandomStreams.Features + stream);
        foreach (var θ in _features) _mean.Law.Sample(ref rng, θ);
    }

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        var d = Dimension;
        _mean.Gradient(x, _meanGradient);
        result[..d].Clear();
        for (var m = 0; m < Rank; m++)
        {
            MeanRisk<TModel>.GradientNoise(x, _features[m], _meanGradient, _g);
            var w = _factor * dW[m];
            for (var i = 0; i < d; i++) result[i] += w * _g[i];
        }
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        var d = Dimension;
        _mean.Gradient(x, _meanGradient);
        for (var m = 0; m < Rank; m++)
        {
            var column = columns.Slice(m * d, d);
            MeanRisk<TModel>.GradientNoise(x, _features[m], _meanGradient, column);
            for (var i = 0; i < d; i++) column[i] *= _factor;
        }
    }
}
