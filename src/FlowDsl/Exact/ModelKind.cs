namespace FlowDsl.Exact;

/// <summary>
/// The models of math.md §0.2 that the exact-moment engine (§6.1) solves. One-point moments: SME-1 = SMF-1 =
/// independent SME-1 copies, and likewise for order 2. Two-point moments differ: SMF shares one cylindrical W between
/// the points, independent SME copies share nothing.
/// </summary>
public enum ModelKind
{
    /// <summary>SGD, x' = x − α∇R(x,θ) (§1.1); two points use the same θᵢ (§1.2). N = T/α exact steps.</summary>
    Sgd,
    /// <summary>SME-1, dX = −∇R dt + √α Σ^{1/2} dW (§2.1). One-point moments only (its two-point law needs a coupling).</summary>
    Sme1,
    /// <summary>SME-2, dX = −∇(R + (α/4)|∇R|²) dt + √α Σ^{1/2} dW (§2.1). One-point moments only.</summary>
    Sme2,
    /// <summary>SMF-1, SME-1's drift with noise √α ∫G(X,θ)W(dθ,dt), one W shared by all points (§3.2).</summary>
    Smf1,
    /// <summary>SMF-2, SME-2's drift with the shared cylindrical noise of SMF (§3.2).</summary>
    Smf2,
    /// <summary>Independent SME-1 copies: each point has its own Brownian motion (§3.3).</summary>
    IndependentSme1,
    /// <summary>Independent SME-2 copies (§3.3).</summary>
    IndependentSme2,
}
