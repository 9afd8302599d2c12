namespace FlowDsl.Simd;

/// <summary>
/// A generated SMF lane step whose gradient noise is factored as <c>G(x,θ) = Σₖ gₖ(x)(βₖ − bₖ(θ))</c> (math.md §3.4 b1):
/// parameters [α, h, β₀…β_{K−1}] with βₖ = E bₖ(θ), input per step ζ (K increments of a Brownian motion whose covariance
/// is that of the factors ψₖ = βₖ − bₖ(θ)). <see cref="Fused.FusedSmf"/> computes β and ζ from the law.
/// </summary>
public interface IFactoredLaneStep : ILaneStep
{
    /// <summary>1 for SMF-1 (drift −∇R), 2 for SMF-2 (drift −∇R − (α/2)∇²R∇R).</summary>
    static abstract int DriftOrder { get; }

    /// <summary>The number of data scalars θ.</summary>
    static abstract int DataLength { get; }

    /// <summary>K, the number of θ-factors (and of shared Brownian motions).</summary>
    static abstract int FactorCount { get; }

    /// <summary>The largest polynomial degree of a factor bₖ in θ, or −1 if one is not a polynomial.</summary>
    static abstract int FactorDegree { get; }

    /// <summary>Writes bₖ(θ) for k &lt; K into <paramref name="factors"/>.</summary>
    static abstract void DataFactors(ReadOnlySpan<double> θ, Span<double> factors);
}
