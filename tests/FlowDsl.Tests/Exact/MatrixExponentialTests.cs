using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

public class MatrixExponentialTests
{
    [Fact]
    public void RotationGeneratorGivesCosinesAndSines()
    {
        foreach (var t in new[] { 0.1, 1.0, 7.5, 40.0 })
        {
            var e = MatrixExponential.Exp(new[,] { { 0.0, -t }, { t, 0.0 } });
            Assert.Equal(Math.Cos(t), e[0, 0], 12);
            Assert.Equal(-Math.Sin(t), e[0, 1], 12);
            Assert.Equal(Math.Sin(t), e[1, 0], 12);
            Assert.Equal(Math.Cos(t), e[1, 1], 12);
        }
    }

    [Fact]
    public void JordanBlockNeedsScalingAndStaysAccurate()
    {
        // exp([[λ, 1],[0, λ]]) = e^λ [[1, 1],[0, 1]], with ‖A‖₁ large enough to force squaring.
        foreach (var lambda in new[] { -30.0, -3.0, 0.25, 9.0 })
        {
            var e = MatrixExponential.Exp(new[,] { { lambda, 1.0 }, { 0.0, lambda } });
            var expected = Math.Exp(lambda);
            Assert.True(Math.Abs(e[0, 0] / expected - 1) < 1e-13, $"λ={lambda}: {e[0, 0]} vs {expected}");
            Assert.True(Math.Abs(e[0, 1] / expected - 1) < 1e-13, $"λ={lambda}: {e[0, 1]} vs {expected}");
            Assert.Equal(0.0, e[1, 0]);
        }
    }

    [Fact]
    public void MatchesEigendecompositionOfARandomSymmetricMatrix()
    {
        var random = new System.Random(4);
        const int n = 7;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = 3 * (random.NextDouble() - 0.5);
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a);
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var d = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DiagonalOfDiagonalArray(evd.EigenValues.Select(z => Math.Exp(z.Real)).ToArray());
        var expected = evd.EigenVectors * d * evd.EigenVectors.Transpose();
        var actual = MatrixExponential.Exp(a);
        var scale = expected.L2Norm();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) Assert.True(Math.Abs(actual[i, j] - expected[i, j]) < 1e-13 * scale, $"({i},{j})");
    }

    [Fact]
    public void ExpOfMinusAIsTheInverse()
    {
        var random = new System.Random(9);
        const int n = 6;
        var a = new double[n, n];
        var minus = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) minus[i, j] = -(a[i, j] = 4 * (random.NextDouble() - 0.5));
        var product = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(MatrixExponential.Exp(a))
            * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(MatrixExponential.Exp(minus));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) Assert.Equal(i == j ? 1.0 : 0.0, product[i, j], 10);
    }

    [Fact]
    public void RejectsNonSquareAndNonFiniteInput()
    {
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => MatrixExponential.Exp(new double[2, 3])).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => MatrixExponential.Exp(new[,] { { double.NaN } })).Message);
    }
}
