namespace FlowDsl.Schemes;

/// <summary>Euler–Maruyama (math.md §5.1): Y' = Y + a(Y)h + Σⱼ bʲ(Y)ΔWʲ. Weak order 1.</summary>
internal sealed class EulerMaruyama(int dimension) : SdeScheme
{
    private readonly double[] _a = new double[dimension], _b = new double[dimension];

    public override void Step(ISdeCoefficients sde, Span<double> x, double h, ReadOnlySpan<double> dW, in StepKey key)
    {
        sde.Drift(x, _a);
        sde.Diffusion(x, dW, _b);
        for (var i = 0; i < x.Length; i++) x[i] += _a[i] * h + _b[i];
    }
}
