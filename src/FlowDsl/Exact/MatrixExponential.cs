using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl.Exact;

/// <summary>
/// e^A for a dense square matrix by Padé(13) scaling and squaring (Higham 2005, "The scaling and squaring method for
/// the matrix exponential revisited"): with s = max(0, ⌈log₂(‖A‖₁/θ₁₃)⌉), θ₁₃ = 5.371920351148152,
/// e^A = r₁₃(A/2ˢ)^{2ˢ}, r₁₃ = (V − U)⁻¹(V + U) with U odd and V even in A. Backward error ≤ unit roundoff.
/// </summary>
public static class MatrixExponential
{
    private const double Theta13 = 5.371920351148152;

    private static readonly double[] B =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
        10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
    ];

    /// <summary>e^<paramref name="a"/> (a new array).</summary>
    public static double[,] Exp(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.GetLength(0) != a.GetLength(1))
            throw new ArgumentException($"The matrix is {a.GetLength(0)}×{a.GetLength(1)}; e^A needs a square matrix.", nameof(a));
        foreach (var v in a)
            if (!double.IsFinite(v)) throw new ArgumentException("The matrix has a non-finite entry.", nameof(a));
        return Exp(Matrix<double>.Build.DenseOfArray(a)).ToArray();
    }

    /// <summary>e^<paramref name="a"/> for a MathNet matrix.</summary>
    public static Matrix<double> Exp(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var n = a.RowCount;
        var norm = a.L1Norm();
        var s = norm > Theta13 ? (int)Math.Ceiling(Math.Log2(norm / Theta13)) : 0;
        var x = s > 0 ? a / Math.Pow(2, s) : a;

        var identity = Matrix<double>.Build.DenseIdentity(n);
        var a2 = x * x;
        var a4 = a2 * a2;
        var a6 = a4 * a2;
        var u = x * (a6 * (B[13] * a6 + B[11] * a4 + B[9] * a2) + B[7] * a6 + B[5] * a4 + B[3] * a2 + B[1] * identity);
        var v = a6 * (B[12] * a6 + B[10] * a4 + B[8] * a2) + B[6] * a6 + B[4] * a4 + B[2] * a2 + B[0] * identity;
        var r = (v - u).LU().Solve(v + u);
        for (var k = 0; k < s; k++) r *= r;
        return r;
    }
}
