namespace FlowDsl.Schemes;

/// <summary>
/// Stochastic Heun with midpoint diffusion, "SH2" (math.md §5.2), with the same ΔW in both lines:
/// <code>
/// Ȳ = Y + a(Y)h + Σⱼ bʲ(Y)ΔWʲ        (predictor, noise included)
/// Ŷ = Y + ½a(Y)h                     (midpoint for the diffusion)
/// Y' = Y + ½[a(Ȳ) + a(Y)]h + Σⱼ bʲ(Ŷ)ΔWʲ
/// </code>
/// Weak error O(h² + α²h) for noise of size √α.
/// </summary>
internal sealed class StochasticHeun(int dimension) : SdeScheme
{
    private readonly double[] _a0 = new double[dimension], _a1 = new double[dimension], _b = new double[dimension];
    private readonly double[] _predictor = new double[dimension], _midpoint = new double[dimension];

    public override void Step(ISdeCoefficients sde, Span<double> x, double h, ReadOnlySpan<double> dW, in StepKey key)
    {
        var d = x.Length;
        sde.Drift(x, _a0);
        sde.Diffusion(x, dW, _b);
        for (var i = 0; i < d; i++)
        {
            _predictor[i] = x[i] + _a0[i] * h + _b[i];
            _midpoint[i] = x[i] + 0.5 * _a0[i] * h;
        }
        sde.Drift(_predictor, _a1);
        sde.Diffusion(_midpoint, dW, _b);
        for (var i = 0; i < d; i++) x[i] += 0.5 * (_a0[i] + _a1[i]) * h + _b[i];
    }
}
