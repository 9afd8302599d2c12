using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>Scalar, Vector256 and Vector512 give bit-identical results on the same inputs (one algorithm, three widths).</summary>
public class VectorMathWidthTests
{
    private static double[] Inputs(double scale, int count = 4096)
    {
        var random = new System.Random(7);
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = (random.NextDouble() * 2 - 1) * scale * Math.Pow(2, -random.Next(0, 30));
        double[] specials = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 1e-310, 709.8, -745.5, 19.01];
        specials.CopyTo(values, 0);
        return values;
    }

    private static void AssertSameBits(double[] inputs, Func<double, double> scalar,
        Func<Vector256<double>, Vector256<double>> v256, Func<Vector512<double>, Vector512<double>> v512)
    {
        for (var i = 0; i + 8 <= inputs.Length; i += 8)
        {
            var lo = Vector256.Create(inputs.AsSpan(i, 4));
            var hi = Vector256.Create(inputs.AsSpan(i + 4, 4));
            var wide = Vector512.Create(inputs.AsSpan(i, 8));
            var r256 = new double[8];
            v256(lo).CopyTo(r256, 0);
            v256(hi).CopyTo(r256, 4);
            var r512 = new double[8];
            v512(wide).CopyTo(r512);
            for (var j = 0; j < 8; j++)
            {
                var expected = BitConverter.DoubleToInt64Bits(scalar(inputs[i + j]));
                Assert.True(expected == BitConverter.DoubleToInt64Bits(r256[j]), $"Vector256 differs from scalar at x = {inputs[i + j]:R}");
                Assert.True(expected == BitConverter.DoubleToInt64Bits(r512[j]), $"Vector512 differs from scalar at x = {inputs[i + j]:R}");
            }
        }
    }

    [Fact] public void Log_widths_agree() => AssertSameBits(Inputs(1e300).Select(Math.Abs).ToArray(), VectorMath.Log, VectorMath.Log, VectorMath.Log);
    [Fact] public void Exp_widths_agree() => AssertSameBits(Inputs(745), VectorMath.Exp, VectorMath.Exp, VectorMath.Exp);
    [Fact] public void Tanh_widths_agree() => AssertSameBits(Inputs(25), VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh);
    [Fact] public void Sigmoid_widths_agree() => AssertSameBits(Inputs(700), VectorMath.Sigmoid, VectorMath.Sigmoid, VectorMath.Sigmoid);

    [Fact]
    public void SinCos_widths_agree()
    {
        var angles = Inputs(Math.PI).Select(x => Math.Abs(x) * 2).ToArray();
        AssertSameBits(angles, x => VectorMath.SinCos(x).Sin, x => VectorMath.SinCos(x).Sin, x => VectorMath.SinCos(x).Sin);
        AssertSameBits(angles, x => VectorMath.SinCos(x).Cos, x => VectorMath.SinCos(x).Cos, x => VectorMath.SinCos(x).Cos);
        var turns = Inputs(1).Select(Math.Abs).ToArray();
        AssertSameBits(turns, x => VectorMath.SinCosTurns(x).Sin, x => VectorMath.SinCosTurns(x).Sin, x => VectorMath.SinCosTurns(x).Sin);
        AssertSameBits(turns, x => VectorMath.SinCosTurns(x).Cos, x => VectorMath.SinCosTurns(x).Cos, x => VectorMath.SinCosTurns(x).Cos);
    }
}
