using FlowDsl.Random;

namespace FlowDsl.Study;

/// <summary>
/// Means, standard errors and the path bootstrap over independent sampling units: paths, or antithetic pairs of paths
/// (whose two members are not independent and are averaged first).
/// </summary>
internal static class PathStatistics
{
    /// <summary>Per-unit values: the paths themselves, or the averages of antithetic pairs.</summary>
    public static double[] Units(double[] perPath, bool antithetic)
    {
        if (!antithetic) return perPath;
        var units = new double[perPath.Length / 2];
        for (var q = 0; q < units.Length; q++) units[q] = 0.5 * (perPath[2 * q] + perPath[2 * q + 1]);
        return units;
    }

    public static (double Mean, double StandardError) MeanAndError(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= n;
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return (mean, n > 1 ? Math.Sqrt(ss / (n - 1) / n) : double.NaN);
    }

    /// <summary>β = Cov(a, b)/Var(b), the control-variate coefficient of b for a.</summary>
    public static double Regression(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), cov = 0, var = 0;
        for (var i = 0; i < a.Length; i++)
        {
            cov += (a[i] - ma) * (b[i] - mb);
            var += (b[i] - mb) * (b[i] - mb);
        }
        return var > 0 ? cov / var : 0;
    }

    /// <summary>
    /// The path bootstrap: <paramref name="replicates"/> resamples of the unit indices, the same indices for every level
    /// (so the correlation between levels that share paths is kept); returns the sd of the statistic.
    /// </summary>
    public static double Bootstrap(IReadOnlyList<double[]> unitsPerLevel, int replicates, ulong seed, Func<double[], double> statistic)
    {
        if (replicates < 2) return double.NaN;
        var u = unitsPerLevel[0].Length;
        var means = new double[unitsPerLevel.Count];
        var values = new List<double>(replicates);
        var index = new int[u];
        for (var r = 0; r < replicates; r++)
        {
            var rng = new CounterRng(seed, (uint)r, 0, 0xB007);
            for (var i = 0; i < u; i += 2)
            {
                var (a, b) = rng.NextUniformPair();
                index[i] = (int)(a * u);
                if (i + 1 < u) index[i + 1] = (int)(b * u);
            }
            for (var level = 0; level < means.Length; level++)
            {
                var data = unitsPerLevel[level];
                double sum = 0;
                foreach (var i in index) sum += data[i];
                means[level] = sum / u;
            }
            var s = statistic(means);
            if (double.IsFinite(s)) values.Add(s);
        }
        if (values.Count < 2) return double.NaN;
        var m = values.Average();
        return Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Count - 1));
    }
}
