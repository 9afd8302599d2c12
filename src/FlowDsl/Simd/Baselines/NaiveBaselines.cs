namespace FlowDsl.Simd.Baselines;

/// <summary>
/// Naive scalar loops, the way a researcher first writes them: particles as arrays of structures (x[p·d + i]), one sweep
/// over the ensemble per step, no SIMD. The arithmetic is the same as the lane adapters (<see cref="SgdLaneStep{TGradient}"/>,
/// <see cref="Sh2LaneStep{TSde}"/>), so results agree bit for bit.
/// </summary>
internal static class NaiveBaselines
{
    /// <summary>n-point SGD on R = ½|x − θ|²: x ← x − α(x − θᵢ), θᵢ = thetas[i·d ..].</summary>
    public static void QuadraticSgd(double[] x, int d, double α, ReadOnlySpan<double> thetas, int steps)
    {
        var n = x.Length / d;
        for (var s = 0; s < steps; s++)
        {
            var θ = thetas.Slice(s * d, d);
            for (var p = 0; p < n; p++)
                for (var i = 0; i < d; i++)
                {
                    ref var xi = ref x[p * d + i];
                    xi -= α * (xi - θ[i]);
                }
        }
    }

    /// <summary>SH2 for the Multiplicative SMF-2, dY = −(1 + α/2)Y dt − √α Y dW, ΔWᵢ shared by all particles.</summary>
    public static void MultiplicativeSh2(double[] y, double α, double h, ReadOnlySpan<double> ΔW, int steps)
    {
        var c = -(1 + 0.5 * α);
        var halfH = 0.5 * h;
        for (var s = 0; s < steps; s++)
        {
            var k = -Math.Sqrt(α) * ΔW[s];
            for (var p = 0; p < y.Length; p++)
            {
                var y0 = y[p];
                var a0 = c * y0;
                var predictor = (y0 + h * a0) + y0 * k;
                var midpoint = y0 + halfH * a0;
                var a1 = c * predictor;
                y[p] = (y0 + halfH * (a0 + a1)) + midpoint * k;
            }
        }
    }
}
