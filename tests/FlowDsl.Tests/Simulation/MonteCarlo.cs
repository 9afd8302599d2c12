using Xunit.Abstractions;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.Simulation;

/// <summary>Sample means with standard errors and z-scores for Monte Carlo assertions.</summary>
internal static class MonteCarlo
{
    public static (double Mean, double StandardError) MeanAndError(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        return (mean, Math.Sqrt(variance / n));
    }

    /// <summary>f applied to point <paramref name="point"/> of every path.</summary>
    public static double[] Values(Ensemble e, Func<double[], double> f, int point = 0) =>
        Enumerable.Range(0, e.Paths).Select(p => f(e.Particle(p * e.PointsPerPath + point))).ToArray();

    /// <summary>f applied to points 0 and 1 of every path.</summary>
    public static double[] Values(Ensemble e, Func<double[], double[], double> f) =>
        Enumerable.Range(0, e.Paths).Select(p => f(e.Particle(p * e.PointsPerPath), e.Particle(p * e.PointsPerPath + 1))).ToArray();

    /// <summary>Asserts |mean − exact| &lt; 4.5·SE and returns z.</summary>
    public static double AssertUnbiased(IReadOnlyList<double> values, double exact, string what, ITestOutputHelper? output = null, double extraTolerance = 0)
    {
        var (mean, se) = MeanAndError(values);
        var z = (mean - exact) / Math.Sqrt(se * se + extraTolerance * extraTolerance);
        output?.WriteLine($"{what}: mean {mean:G8} ± {se:G3}, exact {exact:G8}, z = {z:F2}");
        Assert.True(Math.Abs(z) < 4.5, $"{what}: mean {mean:G10} ± {se:G3} vs exact {exact:G10} (z = {z:F2}).");
        return z;
    }
}
