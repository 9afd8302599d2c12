using System.Globalization;

namespace FlowDsl.Tests.Exact;

/// <summary>Comparisons with the golden tables of math.md §6.9.</summary>
internal static class Golden
{
    /// <summary>The α ladder of every §6.9 table.</summary>
    public static readonly double[] Alphas = [1.0 / 4, 1.0 / 8, 1.0 / 16, 1.0 / 32, 1.0 / 64];

    /// <summary>
    /// Base step of <see cref="LeadingCoefficient"/> (it uses α, α/2, α/4 = 2⁻⁸, 2⁻⁹, 2⁻¹⁰). The extrapolation leaves a₃α³/8
    /// (≈ 8e-9·a₃); smaller α would trade that for rounding: the SGD recursion's error grows like N·ε, and dividing by α²
    /// at α = 2⁻¹² turns 1e-16-level errors into ~1e-7.
    /// </summary>
    public const double RichardsonAlpha = 1.0 / 256;

    /// <summary>|actual − expected| ≤ 1e-12 |expected| (the tolerance for golden values).</summary>
    public static void Relative(double expected, double actual, string what, double tolerance = 1e-12)
    {
        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:G3} > {tolerance:G1})");
    }

    /// <summary>
    /// A value quoted to a fixed number of decimals: |actual − expected| ≤ ½ unit of the last stated digit, plus
    /// <paramref name="truncation"/> for a quantity that is itself an approximation (e.g. an extrapolated limit).
    /// </summary>
    public static void Digits(string expected, double actual, string what, double truncation = 0)
    {
        var value = double.Parse(expected, CultureInfo.InvariantCulture);
        var dot = expected.IndexOf('.');
        var decimals = dot < 0 ? 0 : expected.Length - dot - 1;
        var tolerance = 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9) + truncation;
        Assert.True(Math.Abs(actual - value) <= tolerance, $"{what}: expected {expected} (±{tolerance:G2}), got {actual:R}");
    }

    /// <summary>
    /// A value the spec quotes truncated (not rounded) to its decimals: expected ≤ |actual| &lt; expected + 1 unit of the last digit.
    /// </summary>
    public static void Truncated(string expected, double actual, string what)
    {
        var value = double.Parse(expected, CultureInfo.InvariantCulture);
        var decimals = expected.Length - expected.IndexOf('.') - 1;
        var unit = Math.Pow(10, -decimals);
        Assert.True(Math.Abs(actual) >= Math.Abs(value) && Math.Abs(actual) < Math.Abs(value) + unit && Math.Sign(actual) == Math.Sign(value),
            $"{what}: expected {expected} truncated, got {actual:R}");
    }

    /// <summary>
    /// The leading coefficient c of e(α) = c αᵖ + c'α^{p+1} + …, by two levels of Richardson extrapolation of e(α)/αᵖ at
    /// α, α/2, α/4 (remaining error O(α³) relative to the coefficient scale).
    /// </summary>
    public static double LeadingCoefficient(Func<double, double> error, int order, double alpha)
    {
        double Ratio(double a) => error(a) / Math.Pow(a, order);
        double r0 = Ratio(alpha), r1 = Ratio(alpha / 2), r2 = Ratio(alpha / 4);
        double s0 = 2 * r1 - r0, s1 = 2 * r2 - r1;
        return (4 * s1 - s0) / 3;
    }
}
