namespace FlowDsl.IntegrationTests.Generated;

/// <summary>
/// Central finite differences of the user's own method (the oracle the generated derivatives are checked against),
/// and the tolerance rule: |a − b| ≤ 1e-6 · max(|a|, |b|, floor), where the floor (a small fraction of the largest
/// entry) keeps entries that are exactly zero from demanding an impossible relative accuracy.
/// </summary>
internal static class DerivativeOracle
{
    public const double Tolerance = 1e-6;

    /// <summary>∂f/∂z_k by the central difference (f(z + h e_k) − f(z − h e_k)) / 2h with a step scaled to z_k.</summary>
    public static double Partial(Func<double[], double> f, double[] z, int k)
    {
        var h = 1e-5 * Math.Max(1.0, Math.Abs(z[k]));
        var saved = z[k];
        z[k] = saved + h;
        var plus = f(z);
        z[k] = saved - h;
        var minus = f(z);
        z[k] = saved;
        return (plus - minus) / (2 * h);
    }

    /// <summary>d/dε g(z + εw) at ε = 0, entrywise, for a vector-valued g.</summary>
    public static double[] Directional(Func<double[], double[]> g, double[] z, double[] w)
    {
        const double h = 1e-5;
        var plus = g(z.Select((zi, i) => zi + h * w[i]).ToArray());
        var minus = g(z.Select((zi, i) => zi - h * w[i]).ToArray());
        return plus.Select((p, i) => (p - minus[i]) / (2 * h)).ToArray();
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
