using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>IEEE special values: the same answers as the BCL.</summary>
public class VectorMathSpecialValueTests
{
    public static TheoryData<double, double> LogCases => new()
    {
        { 0.0, double.NegativeInfinity }, { -0.0, double.NegativeInfinity }, { -1.0, double.NaN },
        { double.NegativeInfinity, double.NaN }, { double.PositiveInfinity, double.PositiveInfinity },
        { double.NaN, double.NaN }, { 1.0, 0.0 }, { double.Epsilon, Math.Log(double.Epsilon) },
        { double.MaxValue, Math.Log(double.MaxValue) },
    };

    [Theory, MemberData(nameof(LogCases))]
    public void Log_special_values(double x, double expected) => Assert.Equal(expected, VectorMath.Log(x));

    public static TheoryData<double, double> ExpCases => new()
    {
        { 0.0, 1.0 }, { -0.0, 1.0 }, { double.PositiveInfinity, double.PositiveInfinity }, { double.NegativeInfinity, 0.0 },
        { double.NaN, double.NaN }, { 710.0, double.PositiveInfinity }, { -750.0, 0.0 }, { 1e300, double.PositiveInfinity },
        { -1e300, 0.0 }, { 709.78, Math.Exp(709.78) }, { -745.1, Math.Exp(-745.1) },
    };

    [Theory, MemberData(nameof(ExpCases))]
    public void Exp_special_values(double x, double expected) => Assert.Equal(expected, VectorMath.Exp(x));

    public static TheoryData<double, double> TanhCases => new()
    {
        { 0.0, 0.0 }, { double.PositiveInfinity, 1.0 }, { double.NegativeInfinity, -1.0 }, { double.NaN, double.NaN },
        { 19.5, 1.0 }, { -1e300, -1.0 }, { double.Epsilon, double.Epsilon },
    };

    [Theory, MemberData(nameof(TanhCases))]
    public void Tanh_special_values(double x, double expected) => Assert.Equal(expected, VectorMath.Tanh(x));

    [Fact]
    public void Tanh_keeps_the_sign_of_zero() => Assert.True(double.IsNegative(VectorMath.Tanh(-0.0)));

    [Fact]
    public void Sigmoid_special_values()
    {
        Assert.Equal(0.5, VectorMath.Sigmoid(0.0));
        Assert.Equal(1.0, VectorMath.Sigmoid(double.PositiveInfinity));
        Assert.Equal(0.0, VectorMath.Sigmoid(double.NegativeInfinity));
        Assert.True(double.IsNaN(VectorMath.Sigmoid(double.NaN)));
    }

    [Fact]
    public void SinCos_special_values()
    {
        Assert.Equal((0.0, 1.0), VectorMath.SinCos(0.0));
        Assert.Equal((0.0, 1.0), VectorMath.SinCosTurns(0.0));
        var (s, c) = VectorMath.SinCos(double.NaN);
        Assert.True(double.IsNaN(s) && double.IsNaN(c));
    }
}
