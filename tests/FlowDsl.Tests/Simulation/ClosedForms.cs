namespace FlowDsl.Tests.Simulation;

/// <summary>The closed forms of math.md §6 (T = horizon), written out independently of the runtime: the test oracles.</summary>
internal static class ClosedForms
{
    private static double Pow(double b, int n) => Math.Exp(n * Math.Log(b));

    // §6.2, d = 1, θ ~ N(m, S): mean and second moment about 0 (m = 0).
    public static (double Mean, double Second) OuSgd(double alpha, double T, double u, double s)
    {
        var n = (int)Math.Round(T / alpha);
        var q = Pow(1 - alpha, n);
        var mean = q * u;
        return (mean, mean * mean + alpha * s * (1 - q * q) / (2 - alpha));
    }

    public static (double Mean, double Second) OuSme1(double alpha, double T, double u, double s)
    {
        var mean = Math.Exp(-T) * u;
        return (mean, mean * mean + alpha / 2 * s * (1 - Math.Exp(-2 * T)));
    }

    public static (double Mean, double Second) OuSme2(double alpha, double T, double u, double s)
    {
        var mean = Math.Exp(-(1 + alpha / 2) * T) * u;
        return (mean, mean * mean + alpha * s * (1 - Math.Exp(-(2 + alpha) * T)) / (2 + alpha));
    }

    // §6.3: E x² for SGD with E θ = 0, E θ² = s².
    public static double MultiplicativeSgdSecond(double alpha, double T, double x0, double s2)
    {
        var n = (int)Math.Round(T / alpha);
        return x0 * x0 * Pow((1 - alpha) * (1 - alpha) + s2 * alpha * alpha, n);
    }

    public static double MultiplicativeSme1Second(double alpha, double T, double x0, double s2) => x0 * x0 * Math.Exp((s2 * alpha - 2) * T);

    public static double MultiplicativeSmf2Second(double alpha, double T, double x0, double s2) => x0 * x0 * Math.Exp(((s2 - 1) * alpha - 2) * T);

    /// <summary>§6.4 multiplicative: E[x₁x₂] for the independent SME-2 copies.</summary>
    public static double MultiplicativeSme2IndependentCross(double alpha, double T, double u1, double u2) => u1 * u2 * Math.Exp(-(2 + alpha) * T);

    /// <summary>§6.4 multiplicative, one shared Brownian motion and Σ^{1/2} = s|x|, u₁u₂ &lt; 0.</summary>
    public static double MultiplicativeSme2SharedCross(double alpha, double T, double u1, double u2, double s2) =>
        u1 * u2 * Math.Exp(-(2 + alpha + s2 * alpha) * T);

    // §6.5: E|y_N|² with m0 = |y0|², dimension d, label noise σ².
    public static double RegressionSgd(double alpha, double T, int d, double m0, double sigma2)
    {
        var n = (int)Math.Round(T / alpha);
        var rho = 1 - 2 * alpha + (d + 2) * alpha * alpha;
        var rn = Pow(rho, n);
        return rn * m0 + d * alpha * alpha * sigma2 * (1 - rn) / (1 - rho);
    }

    public static double RegressionSme(double alpha, double T, int d, double m0, double sigma2, int order)
    {
        var lambda = order == 1 ? -2 + (d + 1) * alpha : -2 + d * alpha;
        return Math.Exp(lambda * T) * m0 + alpha * d * sigma2 * (Math.Exp(lambda * T) - 1) / lambda;
    }

    // §6.6, H diagonal, f = ½xᵀHx.
    public static double LteSgd(double alpha, double T, double[] h, double[] x0)
    {
        var k = (int)Math.Round(T / alpha);
        double sum = 0;
        for (var i = 0; i < h.Length; i++)
        {
            var l = h[i];
            var c = alpha * l * (1 - Pow(1 - alpha * l, 2 * k)) / (2 - alpha * l);
            sum += 0.5 * l * (Pow(1 - alpha * l, 2 * k) * x0[i] * x0[i] + c);
        }
        return sum;
    }

    public static double LteSme2(double alpha, double T, double[] h, double[] x0)
    {
        double sum = 0;
        for (var i = 0; i < h.Length; i++)
        {
            var l = h[i];
            sum += 0.5 * l * Math.Exp(-(2 * l + alpha * l * l) * T) * x0[i] * x0[i]
                   + 0.5 * alpha * l * l / (2 + alpha * l) * (1 - Math.Exp(-(2 * l + alpha * l * l) * T));
        }
        return sum;
    }
}
