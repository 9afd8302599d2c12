namespace FlowDsl.Benchmarks;

/// <summary>The SGD loop a runtime writes over the generated span kernels: per step, per particle, ∇R then x ← x − α∇R.</summary>
internal static class GeneratedSgd
{
    public static void Run<TModel>(double[] x, int d, double α, ReadOnlySpan<double> thetas, int steps) where TModel : IRiskModel
    {
        var n = x.Length / d;
        Span<double> gradient = stackalloc double[d];
        for (var s = 0; s < steps; s++)
        {
            var θ = thetas.Slice(s * d, d);
            for (var p = 0; p < n; p++)
            {
                var xp = x.AsSpan(p * d, d);
                TModel.Gradient(xp, θ, gradient);
                for (var i = 0; i < d; i++) xp[i] -= α * gradient[i];
            }
        }
    }

    /// <summary>
    /// SH2 for the SMF-2 of a d = 1 model with θ affine, through the generated kernels: mean gradient g = ∇R(x, θ̄),
    /// drift a = −g − (α/2)∇²R·g, noise b·ΔW = −√α·s·(∂_θ∇R·1)·ΔW (math.md §3.4 b1 with θ = θ̄ + s·ξ).
    /// </summary>
    public static void Sh2<TModel>(double[] y, double α, double h, double θMean, double s, ReadOnlySpan<double> ΔW, int steps) where TModel : IRiskModel
    {
        Span<double> x = stackalloc double[1], g = stackalloc double[1], hg = stackalloc double[1], jac = stackalloc double[1];
        ReadOnlySpan<double> θ = [θMean], one = [1.0];
        var halfH = 0.5 * h;
        for (var step = 0; step < steps; step++)
        {
            var noise = -Math.Sqrt(α) * s * ΔW[step];
            for (var p = 0; p < y.Length; p++)
            {
                var y0 = y[p];
                var a0 = Drift<TModel>(y0, α, θ, x, g, hg);
                x[0] = y0;
                TModel.DataJacobianProduct(x, θ, one, jac);
                var predictor = y0 + h * a0 + jac[0] * noise;
                var midpoint = y0 + halfH * a0;
                var a1 = Drift<TModel>(predictor, α, θ, x, g, hg);
                x[0] = midpoint;
                TModel.DataJacobianProduct(x, θ, one, jac);
                y[p] = y0 + halfH * (a0 + a1) + jac[0] * noise;
            }
        }
    }

    /// <summary>a(x) = −∇R − (α/2)∇²R∇R at the mean data θ̄.</summary>
    private static double Drift<TModel>(double value, double α, ReadOnlySpan<double> θ, Span<double> x, Span<double> g, Span<double> hg) where TModel : IRiskModel
    {
        x[0] = value;
        TModel.Gradient(x, θ, g);
        TModel.HessianVectorProduct(x, θ, g, hg);
        return -g[0] - 0.5 * α * hg[0];
    }
}
