namespace FlowDsl.Schemes;

/// <summary>What a scheme needs from an SDE dY = a(Y)dt + Σⱼ bʲ(Y)dWʲ (one point).</summary>
internal interface ISdeCoefficients
{
    int Dimension { get; }
    int Rank { get; }
    void Drift(ReadOnlySpan<double> x, Span<double> a);
    void Diffusion(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result);
    void Columns(ReadOnlySpan<double> x, Span<double> columns);
}
