namespace FlowDsl.Symbolic.Tests.Infrastructure;

/// <summary>Finite-difference derivatives used as independent oracles, with an estimate of their own error.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// d/dt f(t) at t = 0, per entry: the fourth-order central stencil D(h) = (f(−2h) − 8f(−h) + 8f(h) − f(2h)) / 12h
    /// at h and h/2, combined by Richardson extrapolation (16 D(h/2) − D(h)) / 15 (sixth order). The error estimate is
    /// |D(h) − D(h/2)|, which bounds the error of the extrapolated value when the expansion is in its asymptotic regime.
    /// </summary>
    public static (double[] Value, double[] Error) Derivative(Func<double, double[]> f, double h = 2e-3)
    {
        var coarse = Stencil(f, h);
        var fine = Stencil(f, h / 2);
        var value = new double[coarse.Length];
        var error = new double[coarse.Length];
        for (int i = 0; i < value.Length; i++)
        {
            value[i] = (16 * fine[i] - coarse[i]) / 15;
            error[i] = Math.Abs(fine[i] - coarse[i]);
        }
        return (value, error);
    }

    private static double[] Stencil(Func<double, double[]> f, double h)
    {
        var m2 = f(-2 * h);
        var m1 = f(-h);
        var p1 = f(h);
        var p2 = f(2 * h);
        var d = new double[p1.Length];
        for (int i = 0; i < d.Length; i++) d[i] = (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * h);
        return d;
    }

    /// <summary>max(|a|, |b|, 1): the scale relative errors are measured on.</summary>
    public static double Scale(double a, double b) => Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1.0);

    /// <summary>|a − b| ≤ tolerance · max(|a|, |b|, 1).</summary>
    public static bool Close(double a, double b, double tolerance) => Math.Abs(a - b) <= tolerance * Scale(a, b);
}
