namespace FlowDsl.Tests.Random;

/// <summary>z-tests of a sample against N(0,1): mean, variance, skewness, excess kurtosis and two-sided tail frequencies.</summary>
internal static class NormalMomentChecks
{
    private const double MaxZ = 4.5;
    // Two-sided N(0,1) tails 2(1 − Φ(k)), from erfc(k/√2).
    private const double TailBeyond3 = 0.0026997960632601866;
    private const double TailBeyond4 = 6.334248366623996e-05;

    public static void AssertStandardNormal(ReadOnlySpan<double> z)
    {
        double n = z.Length, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        long beyond3 = 0, beyond4 = 0;
        foreach (var x in z)
        {
            var x2 = x * x;
            s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2;
            if (Math.Abs(x) > 3) beyond3++;
            if (Math.Abs(x) > 4) beyond4++;
        }
        // With the true mean 0 known, E z² = 1, E z³ = 0, E z⁴ = 3; standard errors √(Var/n): 1, √2, √15, √96.
        AssertZ("mean", s1 / n, 0, 1 / Math.Sqrt(n));
        AssertZ("variance", s2 / n, 1, Math.Sqrt(2 / n));
        AssertZ("third moment (skewness)", s3 / n, 0, Math.Sqrt(15 / n));
        AssertZ("fourth moment (kurtosis)", s4 / n, 3, Math.Sqrt(96 / n));
        AssertZ("P(|Z|>3)", beyond3 / n, TailBeyond3, Math.Sqrt(TailBeyond3 * (1 - TailBeyond3) / n));
        AssertZ("P(|Z|>4)", beyond4 / n, TailBeyond4, Math.Sqrt(TailBeyond4 * (1 - TailBeyond4) / n));
    }

    private static void AssertZ(string what, double estimate, double expected, double standardError)
    {
        var zScore = (estimate - expected) / standardError;
        Assert.True(Math.Abs(zScore) < MaxZ, $"{what}: {estimate:R}, expected {expected:R} ± {standardError:G3} (z = {zScore:F2})");
    }
}
