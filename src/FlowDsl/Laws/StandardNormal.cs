namespace FlowDsl;

/// <summary>The standard normal distribution function Φ (for quantile coupling).</summary>
internal static class StandardNormal
{
    /// <summary>Φ(z) = ½ erfc(−z/√2).</summary>
    public static double Cdf(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));
}
