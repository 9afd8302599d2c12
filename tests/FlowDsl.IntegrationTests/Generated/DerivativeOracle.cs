namespace FlowDsl.IntegrationTests.Generated;

/// <summary>
/// Central finite differences of the user's own method (the oracle the generated derivatives are checked against),
/// with the tolerance rule: |a − b| ≤ 1e-6 · max(|a|, |b|, floor), where the floor (a small fraction of the largest
/// entry) keeps entries that are exactly zero from demanding an impossible relative accuracy.
/// </summary>
internal static class DerivativeOracle
{
    public const double Tolerance = 1e-6;

    /// <summary>
    /// ∂f/∂z_k by the fourth-order central difference [8(f(z+h) − f(z−h)) − (f(z+2h) − f(z−2h))] / 12h, whose truncation
    /// error O(h⁴) and rounding error O(ε/h) are both far below the tolerance at h = 1e-3.
    /// </summary>
    public static double Partial(Func<double[], double> f, double[] z, int k)
    {
        var h = 1e-3 * Math.Max(1.0, Math.Abs(z[k]));
        var saved = z[k];
        double At(double t)
        {
            z[k] = saved + t;
            return f(z);
        }
        var d = (8 * (At(h) - At(-h)) - (At(2 * h) - At(-2 * h))) / (12 * h);
        z[k] = saved;
        return d;
    }

    /// <summary>d/dε g(z + εw) at ε = 0, entrywise, by the same fourth-order central difference.</summary>
    public static double[] Directional(Func<double[], double[]> g, double[] z, double[] w)
    {
        const double h = 1e-3;
        double[] At(double t) => g(z.Select((zi, i) => zi + t * w[i]).ToArray());
        double[] p1 = At(h), m1 = At(-h), p2 = At(2 * h), m2 = At(-2 * h);
        return p1.Select((_, i) => (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h)).ToArray();
    }

    public static void AssertClose(double expected, double actual, double floor, string what)
    {
        var scale = Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), floor);
        var error = Math.Abs(expected - actual) / scale;
        Assert.True(error <= Tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2} > {Tolerance:E0})");
    }

    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        var floor = 1e-3 * Math.Max(expected.Max(Math.Abs), 1e-12);
        for (var i = 0; i < expected.Count; i++) AssertClose(expected[i], actual[i], floor, $"{what}[{i}]");
    }

    public static double[] RandomVector(System.Random random, int length, double scale = 1.0) =>
        Enumerable.Range(0, length).Select(_ => scale * (2 * random.NextDouble() - 1)).ToArray();
}
