namespace FlowDsl;

/// <summary>
/// A risk model whose gradient can be added into a running sum without a scratch vector: the minibatch sum
/// Σ_b ∇ₓR(x,θ_b) then touches one d-vector per sample instead of three (the gradient written, read back and added).
/// The generator implements it for every <see cref="FlowModelAttribute"/> model.
/// </summary>
public interface IAccumulatingGradient
{
    /// <summary>
    /// <paramref name="gradient"/> ← <paramref name="gradient"/> + ∇ₓR(x,θ) entrywise, and returns R(x,θ): the same
    /// bits as <see cref="IRiskModel.Gradient"/> into a buffer g followed by gradient[i] + g[i].
    /// </summary>
    static abstract double AddGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient);
}
