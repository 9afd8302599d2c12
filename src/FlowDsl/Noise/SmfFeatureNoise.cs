using FlowDsl.Random;

namespace FlowDsl.Noise;

/// <summary>
/// Monte Carlo features for the SMF noise when no exact factorization exists (math.md §3.4 b2): each solver step draws
/// θ'₁..θ'_M ~ P, shared by the points of the noise group, and ΔI(x) = √(h/M) Σₘ G(x,θ'ₘ) ξₘ with the exact mean ∇R(x).
/// Unconditionally E[ΔI(x)ΔI(y)ᵀ] = hΣ(x,y); the weak bias is O(α²h/M).
/// </summary>
internal sealed class SmfFeatureNoise<TModel> : NodeNoise<TModel> where TModel : IRiskModel
{
    private readonly ulong _seed;

    public SmfFeatureNoise(MeanRisk<TModel> mean, double scale, int features, ulong seed)
        : base(mean, NewFeatures(mean, features), Enumerable.Repeat(scale / Math.Sqrt(features), features).ToArray()) => _seed = seed;

    private static double[][] NewFeatures(MeanRisk<TModel> mean, int features)
    {
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "The number of Monte Carlo features M must be at least 1.");
        return Enumerable.Range(0, features).Select(_ => new double[mean.DataDimension]).ToArray();
    }

    public override string Description => $"√(1/M) Σₘ G(x,θ'ₘ) dβₘ, M = {Rank} Monte Carlo features resampled each step";

    public override void BeginStep(uint pathKey, uint stream, int step)
    {
        var rng = new CounterRng(_seed, pathKey, (uint)step, RandomStreams.Features + stream);
        foreach (var θ in Nodes) Mean.SampleData(ref rng, θ); // the law the means are computed for
    }
}
