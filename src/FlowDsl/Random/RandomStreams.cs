namespace FlowDsl.Random;

/// <summary>
/// Stream numbers for <see cref="CounterRng"/>: every random draw is keyed by (seed, path, step, stream),
/// so different uses of randomness never overlap and results do not depend on threads or tiling.
/// </summary>
internal static class RandomStreams
{
    /// <summary>Brownian increments on the fine grid; independent copies add the point index.</summary>
    public const uint Brownian = 0;
    /// <summary>SGD data draws θᵢ.</summary>
    public const uint Data = 1 << 20;
    /// <summary>Monte Carlo features θ'ₘ of the SMF noise (math.md §3.4 b2).</summary>
    public const uint Features = 2 << 20;
    /// <summary>The two-point variables V of Platen's scheme.</summary>
    public const uint Platen = 3 << 20;
    /// <summary>The fixed sample for inexact means (no exact rule exists).</summary>
    public const uint MeanSample = 4 << 20;
    /// <summary>Gaussian draws of exact linear transitions.</summary>
    public const uint Exact = 5 << 20;
}
