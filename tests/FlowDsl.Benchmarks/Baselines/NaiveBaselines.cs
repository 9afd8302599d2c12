using FlowDsl.Simd;

namespace FlowDsl.Benchmarks.Baselines;

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

    /// <summary>
    /// SH2 for the SMF-2 of linear regression (d = 2) under an empirical P, unfactored (math.md §3.5 with SH2): for every
    /// particle, ḡ(y) = Σⱼ pⱼ aⱼ(aⱼ·y − bⱼ), H̄v = Σⱼ pⱼ aⱼ(aⱼ·v), ΔI(y) = √h Σⱼ √pⱼ ξⱼ (ḡ(y) − aⱼ(aⱼ·y − bⱼ)):
    /// O(N) per particle and step. State AoS (y₀, y₁ per particle); ξ step-major (steps × N).
    /// </summary>
    public static void RegressionSmf2Unfactored(double[] y, double α, double h, double[][] atoms, double[] weights, ReadOnlySpan<double> ξ, int steps)
    {
        var atomCount = atoms.Length;
        var sqrtα = Math.Sqrt(α);
        var f = new double[atomCount];
        (double, double) Mean(double u, double v)
        {
            double g0 = 0, g1 = 0;
            for (var j = 0; j < atomCount; j++)
            {
                var r = weights[j] * (atoms[j][0] * u + atoms[j][1] * v - atoms[j][2]);
                g0 += r * atoms[j][0]; g1 += r * atoms[j][1];
            }
            return (g0, g1);
        }
        (double, double) Drift(double u, double v)
        {
            var (g0, g1) = Mean(u, v);
            double h0 = 0, h1 = 0;
            for (var j = 0; j < atomCount; j++)
            {
                var r = weights[j] * (atoms[j][0] * g0 + atoms[j][1] * g1);
                h0 += r * atoms[j][0]; h1 += r * atoms[j][1];
            }
            return (-g0 - 0.5 * α * h0, -g1 - 0.5 * α * h1);
        }
        (double, double) Noise(double u, double v)
        {
            var (g0, g1) = Mean(u, v);
            double n0 = 0, n1 = 0;
            for (var j = 0; j < atomCount; j++)
            {
                var r = atoms[j][0] * u + atoms[j][1] * v - atoms[j][2];
                n0 += f[j] * (g0 - atoms[j][0] * r); n1 += f[j] * (g1 - atoms[j][1] * r);
            }
            return (sqrtα * n0, sqrtα * n1);
        }
        var halfH = 0.5 * h;
        for (var s = 0; s < steps; s++)
        {
            for (var j = 0; j < atomCount; j++) f[j] = Math.Sqrt(h) * Math.Sqrt(weights[j]) * ξ[s * atomCount + j];
            for (var p = 0; p < y.Length; p += 2)
            {
                var (u, v) = (y[p], y[p + 1]);
                var (a0, a1) = Drift(u, v);
                var (n0, n1) = Noise(u, v);
                var (pu, pv) = (u + h * a0 + n0, v + h * a1 + n1);
                var (mu, mv) = (u + halfH * a0, v + halfH * a1);
                var (b0, b1) = Drift(pu, pv);
                var (m0, m1) = Noise(mu, mv);
                (y[p], y[p + 1]) = (u + halfH * (a0 + b0) + m0, v + halfH * (a1 + b1) + m1);
            }
        }
    }
}
