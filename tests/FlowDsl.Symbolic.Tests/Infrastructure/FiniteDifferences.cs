namespace FlowDsl.Symbolic.Tests.Infrastructure;

/// <summary>Finite-difference derivatives used as independent oracles.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// d/dt f(t) at t = 0 by the fourth-order central stencil (f(−2h) − 8f(−h) + 8f(h) − f(2h)) / 12h.
    /// Error ≈ h⁴|f⁽⁵⁾|/30 + 1.5 ε|f|/h; h = 1e-3 balances both near 1e-12 for moderate functions.
    /// </summary>
    public static double[] Derivative(Func<double, double[]> f, double h = 1e-3)
    {
        var m2 = f(-2 * h);
        var m1 = f(-h);
        var p1 = f(h);
        var p2 = f(2 * h);
        var d = new double[p1.Length];
        for (int i = 0; i < d.Length; i++) d[i] = (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * h);
        return d;
    }

    /// <summary>|a − b| ≤ tolerance · max(|a|, |b|, 1).</summary>
    public static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1.0);
}
