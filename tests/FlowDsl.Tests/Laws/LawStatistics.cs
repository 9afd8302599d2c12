using FlowDsl.Random;

namespace FlowDsl.Tests.Laws;

/// <summary>Monte Carlo checks of a law's sampler against its closed-form mean and covariance (|z| &lt; 4.5).</summary>
internal static class LawStatistics
{
    /// <summary>Draws <paramref name="count"/> samples (path j, step 0, stream 0) and z-tests every mean and covariance entry.</summary>
    public static void AssertMeanAndCovariance(Law law, double[] mean, double[,] covariance, int count, ulong seed)
    {
        var d = law.Dimension;
        var samples = new double[count][];
        for (var j = 0; j < count; j++)
        {
            var rng = new CounterRng(seed, (uint)j, 0, 0);
            samples[j] = new double[d];
            law.Sample(ref rng, samples[j]);
        }
        for (var i = 0; i < d; i++)
        {
            var values = samples.Select(s => s[i]).ToArray();
            AssertZ(values, mean[i], $"mean[{i}]");
        }
        for (var i = 0; i < d; i++)
            for (var k = 0; k <= i; k++)
            {
                // Centred at the true mean, E[(θᵢ−mᵢ)(θₖ−mₖ)] = Sᵢₖ exactly, so the z-test has no plug-in bias.
                var values = samples.Select(s => (s[i] - mean[i]) * (s[k] - mean[k])).ToArray();
                AssertZ(values, covariance[i, k], $"covariance[{i},{k}]");
            }
    }

    /// <summary>z = (sample mean − expected)/(sample sd/√n); fails when |z| ≥ 4.5 (or, for a constant sample, on any difference).</summary>
    public static void AssertZ(double[] values, double expected, string what)
    {
        var n = values.Length;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var standardError = Math.Sqrt(variance / n);
        if (standardError == 0)
        {
            Assert.Equal(expected, mean, 12);
            return;
        }
        var z = (mean - expected) / standardError;
        Assert.True(Math.Abs(z) < 4.5, $"{what}: sample {mean:G8} vs exact {expected:G8}, z = {z:F2}");
    }
}
