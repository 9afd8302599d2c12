using System.Globalization;

namespace FlowDsl.Reports;

/// <summary>
/// How tables and plots print a learning rate α = T/N: as the exact fraction p/q when it is one with a small denominator
/// (1/8, 2/3, 3/80), otherwise as a decimal. Never as 1/round(1/α), which mislabels α when T ≠ 1.
/// </summary>
public static class AlphaLabel
{
    private const int MaxDenominator = 100_000;

    /// <summary>"p/q" when |α − p/q| ≤ 1e-12·α for some q ≤ 100,000 (smallest such q), else α with six significant digits.</summary>
    public static string Format(double alpha)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) return alpha.ToString("G6", CultureInfo.InvariantCulture);
        for (var q = 1; q <= MaxDenominator; q++)
        {
            var p = Math.Round(alpha * q);
            if (p >= 1 && Math.Abs(alpha - p / q) <= 1e-12 * alpha)
                return q == 1 ? p.ToString(CultureInfo.InvariantCulture) : $"{p.ToString(CultureInfo.InvariantCulture)}/{q.ToString(CultureInfo.InvariantCulture)}";
        }
        return alpha.ToString("G6", CultureInfo.InvariantCulture);
    }
}
