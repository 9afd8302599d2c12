using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>The inlined math against the BCL (glibc) functions, over wide ranges of random inputs.</summary>
public class VectorMathAccuracyTests
{
    private const int Samples = 200_000;

    private static long MaxUlp(Func<double, double> actual, Func<double, double> reference, Func<System.Random, double> input, out double worst)
    {
        var random = new System.Random(12345);
        long max = 0;
        worst = double.NaN;
        for (var i = 0; i < Samples; i++)
        {
            var x = input(random);
            var d = Ulp.Distance(actual(x), reference(x));
            if (d > max) { max = d; worst = x; }
        }
        return max;
    }

    private static void AssertWithin(long tolerance, Func<double, double> actual, Func<double, double> reference, Func<System.Random, double> input)
    {
        var max = MaxUlp(actual, reference, input, out var worst);
        Assert.True(max <= tolerance, $"max error {max} ulp at x = {worst:R} (got {actual(worst):R}, expected {reference(worst):R})");
    }

    /// <summary>Log-uniform over all positive normal and subnormal doubles.</summary>
    private static double AnyPositive(System.Random r) => Math.Pow(2, r.NextDouble() * 2097 - 1074) * (1 + r.NextDouble());

    [Fact]
    public void Log_is_within_one_ulp_over_all_positive_doubles() =>
        AssertWithin(1, VectorMath.Log, Math.Log, AnyPositive);

    [Fact]
    public void Log_is_within_one_ulp_near_one() =>
        AssertWithin(1, VectorMath.Log, Math.Log, r => 1 + (r.NextDouble() - 0.5) * Math.Pow(2, -r.Next(1, 50)));

    [Fact]
    public void Exp_is_within_one_ulp_over_the_normal_range() =>
        AssertWithin(1, VectorMath.Exp, Math.Exp, r => (r.NextDouble() * 2 - 1) * 708);

    [Fact]
    public void Exp_is_within_one_ulp_for_small_arguments() =>
        AssertWithin(1, VectorMath.Exp, Math.Exp, r => (r.NextDouble() * 2 - 1) * Math.Pow(2, -r.Next(1, 60)));

    [Fact]
    public void Exp_is_close_in_the_subnormal_range() =>
        // Results below 2^-1022 lose bits in any implementation; the split scaling rounds twice at most.
        AssertWithin(2, VectorMath.Exp, Math.Exp, r => -708.5 - r.NextDouble() * 36);

    [Fact]
    public void Tanh_is_within_three_ulp() =>
        AssertWithin(3, VectorMath.Tanh, Math.Tanh, r => (r.NextDouble() * 2 - 1) * 22);

    [Fact]
    public void Tanh_is_within_three_ulp_for_small_arguments() =>
        AssertWithin(3, VectorMath.Tanh, Math.Tanh, r => (r.NextDouble() * 2 - 1) * Math.Pow(2, -r.Next(1, 1000)));

    [Fact]
    public void Sigmoid_is_within_two_ulp() =>
        AssertWithin(2, VectorMath.Sigmoid, x => 1.0 / (1.0 + Math.Exp(-x)), r => (r.NextDouble() * 2 - 1) * 700);

    [Fact]
    public void SinCos_is_within_one_ulp_on_zero_to_two_pi()
    {
        AssertWithin(1, x => VectorMath.SinCos(x).Sin, Math.Sin, r => r.NextDouble() * 2 * Math.PI);
        AssertWithin(1, x => VectorMath.SinCos(x).Cos, Math.Cos, r => r.NextDouble() * 2 * Math.PI);
    }

    [Fact]
    public void SinCos_is_accurate_next_to_the_zeros()
    {
        // Next to kπ/2 the result is tiny and only a multi-part π/2 keeps its relative accuracy.
        Func<System.Random, double> nearZeros = r => r.Next(1, 4) * Math.PI / 2 + (r.NextDouble() - 0.5) * Math.Pow(2, -r.Next(1, 40));
        AssertWithin(1, x => VectorMath.SinCos(x).Sin, Math.Sin, nearZeros);
        AssertWithin(1, x => VectorMath.SinCos(x).Cos, Math.Cos, nearZeros);
    }

    [Fact]
    public void SinCosTurns_matches_sin_and_cos_of_two_pi_u()
    {
        // Reference: double.SinPi/CosPi(2u), which take the angle in half-turns without rounding 2πu. They are themselves
        // up to 2 ulp off (checked with mpmath at u = 0.48010168200363484), hence 3 ulp against them.
        AssertWithin(3, u => VectorMath.SinCosTurns(u).Sin, u => double.SinPi(2 * u), r => r.NextDouble());
        AssertWithin(3, u => VectorMath.SinCosTurns(u).Cos, u => double.CosPi(2 * u), r => r.NextDouble());
    }
}
