namespace FlowDsl.Schemes;

/// <summary>
/// The coefficients of a one-dimensional SDE (d = 1) for a whole block of points per call, so that a scheme's line costs one
/// call instead of one span round trip per point: point p is the scalar x[p]. Each value is bit for bit what the per-point
/// <see cref="ISdeCoefficients.Drift"/> and <see cref="ISdeCoefficients.Diffusion"/> give for the point (the same operations
/// in the same order), so a scheme may use either.
/// </summary>
internal interface IScalarSdeCoefficients : ISdeCoefficients
{
    /// <summary>a[p] = a(x[p]) for every point of <paramref name="x"/>.</summary>
    void DriftBlock(ReadOnlySpan<double> x, Span<double> a);

    /// <summary>
    /// b[p] = Σⱼ bʲ(x[p]) dWʲ with the increments of row p / <paramref name="pointsPerIncrement"/> of <paramref name="dW"/>
    /// (rows of <see cref="ISdeCoefficients.Rank"/> doubles).
    /// </summary>
    void DiffusionBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> b);
}
