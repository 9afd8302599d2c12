namespace FlowDsl.Tests.Simd;

/// <summary>Distance in units in the last place, counted as the number of doubles between two values.</summary>
internal static class Ulp
{
    private static long Ordered(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits < 0 ? long.MinValue - bits : bits;
    }

    /// <summary>How many representable doubles lie between a and b (0 when equal, including two NaNs; max when one is NaN).</summary>
    public static long Distance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0;
        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
