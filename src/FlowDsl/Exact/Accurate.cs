namespace FlowDsl.Exact;

/// <summary>
/// log(1+x) and eˣ − 1 accurate to a few ulps for small x (Kahan's tricks). .NET's <c>double.LogP1</c>/<c>ExpM1</c>
/// are computed naively as log(x+1) and exp(x)−1, which loses digits for small x.
/// </summary>
internal static class Accurate
{
    /// <summary>log(1+x): with u = 1 ⊕ x, log(u)·x/(u−1) corrects the rounding of 1 + x.</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>eˣ − 1: with u = eˣ, (u−1)·x/log(u) cancels the rounding of eˣ.</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1.0;
        var u = Math.Exp(x);
        if (u == 1.0) return x;
        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }

    /// <summary>(1 − x)ⁿ as ±exp(n·log|1 − x|), with log1p for the accuracy the §6 formulas need when x is small.</summary>
    public static double PowerOfOneMinus(double x, int n)
    {
        var b = 1.0 - x;
        if (b == 0) return n == 0 ? 1.0 : 0.0;
        var magnitude = Math.Exp(n * (b > 0 ? Log1P(-x) : Math.Log(-b)));
        return b < 0 && n % 2 == 1 ? -magnitude : magnitude;
    }
}
