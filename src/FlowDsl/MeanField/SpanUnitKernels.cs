namespace FlowDsl.MeanField;

/// <summary>
/// The unit calls through the model's span kernels (<c>Feature</c>, <c>FeatureGradient</c>,
/// <c>FeatureHessianVectorProduct</c>), one call per particle: the reference path, and the only one for models
/// without generated feature lanes (hand-written units, d &gt; 16).
/// </summary>
internal sealed class SpanUnitKernels<TModel> : IUnitKernels where TModel : IMeanFieldModel
{
    private static int D => TModel.Layout.ParameterCount;

    /// <inheritdoc/>
    public Simd.SimdWidth? LaneWidth => null;

    /// <inheritdoc/>
    public void Prepare(ReadOnlySpan<double> x, int start, int end)
    {
        // The span kernels read x where it is.
    }

    /// <inheritdoc/>
    public void PrepareDirection(ReadOnlySpan<double> v, int start, int end)
    {
        // The span kernels read v where it is.
    }

    /// <inheritdoc/>
    public void Values(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> values)
    {
        var d = D;
        for (var k = start; k < end; k++) values[k - start] = TModel.Feature(x.Slice(k * d, d), θ);
    }

    /// <inheritdoc/>
    public void Gradients(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> gradients)
    {
        var d = D;
        for (var k = start; k < end; k++) TModel.FeatureGradient(x.Slice(k * d, d), θ, gradients.Slice((k - start) * d, d));
    }

    /// <inheritdoc/>
    public void HessianVectorProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> v, int start, int end, ReadOnlySpan<double> θ, Span<double> results)
    {
        var d = D;
        for (var k = start; k < end; k++)
            TModel.FeatureHessianVectorProduct(x.Slice(k * d, d), θ, v.Slice(k * d, d), results.Slice((k - start) * d, d));
    }
}
