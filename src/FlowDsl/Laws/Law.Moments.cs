namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>
    /// The mean E θ (a fresh copy, length <see cref="Dimension"/>), or <c>null</c> when this law has no closed form for it.
    /// Every built-in law (normal, uniform, Rademacher, categorical, empirical, products of these) has one.
    /// </summary>
    public virtual double[]? Mean => null;

    /// <summary>
    /// The covariance Cov θ = E[(θ − Eθ)(θ − Eθ)ᵀ] (a fresh copy, <see cref="Dimension"/>×<see cref="Dimension"/>),
    /// or <c>null</c> when this law has no closed form for it. Every built-in law has one.
    /// </summary>
    public virtual double[,]? Covariance => null;
}
