namespace FlowDsl.Simulation;

/// <summary>How SGD draws its data θᵢ (math.md §7.3). Every choice gives exactly i.i.d. θᵢ ~ P.</summary>
public enum SgdSampling
{
    /// <summary><see cref="Brownian"/> for a normal law, <see cref="Quantile"/> for a finitely supported scalar law, <see cref="Coupled"/> for products of normal and finite factors or an adaptive rule (batch 1), otherwise <see cref="Law"/>.</summary>
    Auto,
    /// <summary>θᵢ drawn with <see cref="FlowDsl.Law.Sample"/>.</summary>
    Law,
    /// <summary>θᵢ = m + S^{1/2}(B(tᵢ₊₁) − B(tᵢ))/√α from the Brownian path that drives the SDE models (normal law, batch 1).</summary>
    Brownian,
    /// <summary>θᵢ = F⁻¹(Φ(ξᵢ)) with ξᵢ = (B(tᵢ₊₁) − B(tᵢ))/√α: quantile coupling for a finitely supported scalar law (batch 1).</summary>
    Quantile,
    /// <summary>
    /// Factor by factor from ξ = (B(tᵢ₊₁) − B(tᵢ))/√α, one coordinate per axis (batch 1): normal factors θ = m + S^{1/2}ξ,
    /// finite factors (categorical, empirical) by quantile coupling over their atoms; when the means come from an adaptive
    /// Gauss rule Q, every axis draws Q's nodes by quantile coupling, so SGD sees exactly the law the models see.
    /// </summary>
    Coupled,
}
