namespace FlowDsl;

/// <summary>How <see cref="MeanRisk{TModel}"/> computes expectations over θ.</summary>
public enum MeanMethod
{
    /// <summary>Exact sum over the atoms of a finitely supported law (<see cref="Law.Support"/>).</summary>
    Support,

    /// <summary>
    /// Exact for ∇ₓR affine in θ and any law with a mean m and covariance S: E∇R(x,θ) = ∇R(x,m) and
    /// Σ(x,y) = J(x) S J(y)ᵀ with J = ∂_θ∇ₓR (<see cref="IRiskModel.DataJacobianProduct"/>).
    /// </summary>
    AffineInData,

    /// <summary>Exact for polynomials: the law's <see cref="Law.ExactQuadrature"/> of degree p (means) and 2p (Σ), p = <see cref="GradientStructure.DegreeInData"/>.</summary>
    ExactQuadrature,

    /// <summary>
    /// Not a polynomial in θ under a continuous law: a tensor Gauss rule Q refined axis by axis until the mean quantities
    /// change by less than <see cref="MeanAccuracy.Tolerance"/> (<see cref="MeanRisk{TModel}.Adaptive"/> has the error
    /// estimate). Every simulator then sees Q, SGD included, so the weak-error comparison is exact for Q.
    /// </summary>
    AdaptiveQuadrature,

    /// <summary>Not exact: an average over a large fixed sample of θ (no exact rule exists for this model and law).</summary>
    FixedSample,
}
