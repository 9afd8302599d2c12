namespace FlowDsl.Simulation;

/// <summary>How the starting points of one Monte Carlo path share randomness.</summary>
public enum NoiseSharing
{
    /// <summary>
    /// n-point motion: every point of a path sees the same data θᵢ (SGD) or the same noise ξ (SME/SMF) at each step
    /// (math.md §1.2, §3.4 c). Different paths are independent.
    /// </summary>
    NPoint,

    /// <summary>Every point gets its own randomness: independent copies (the independent-copy SME of §3.3).</summary>
    Independent,
}
