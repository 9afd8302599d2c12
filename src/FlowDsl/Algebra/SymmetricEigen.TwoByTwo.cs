namespace FlowDsl;

internal static partial class SymmetricEigen
{
    /// <summary>
    /// <see cref="SquareRootByJacobi"/> for n = 2 with the matrix, the rotation and the eigenvectors in registers: the same
    /// operations in the same order (each sweep's convergence test, one rotation per sweep, the root's sums), so the same bits;
    /// the SME noise of a d = 2 model takes this root twice per solver step.
    /// </summary>
    private static void SquareRootTwoByTwo(ReadOnlySpan<double> matrix, Span<double> root)
    {
        double a00 = matrix[0], a01 = matrix[1], a10 = matrix[2], a11 = matrix[3];
        double v00 = 1, v01 = 0, v10 = 0, v11 = 1;
        for (var sweep = 0; sweep < 60; sweep++)
        {
            double off = 0, diag = 0;
            diag += a00 * a00;
            off += a01 * a01;
            diag += a11 * a11;
            // With a01 = 0 no rotation happens, now or in a later sweep: Decompose's remaining sweeps change nothing.
            if (off <= 1e-30 * Math.Max(diag, 1e-300) || a01 == 0) break;
            var theta = (a11 - a00) / (2 * a01);
            var t = (theta < 0 ? -1.0 : theta > 0 ? 1.0 : 0.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
            if (theta == 0) t = 1;
            var c = 1 / Math.Sqrt(t * t + 1);
            var s = t * c;
            // Columns p = 0, q = 1, then rows, then the eigenvectors' columns, as Decompose's three loops over k.
            (a00, a01) = (c * a00 - s * a01, s * a00 + c * a01);
            (a10, a11) = (c * a10 - s * a11, s * a10 + c * a11);
            (a00, a10) = (c * a00 - s * a10, s * a00 + c * a10);
            (a01, a11) = (c * a01 - s * a11, s * a01 + c * a11);
            (v00, v01) = (c * v00 - s * v01, s * v00 + c * v01);
            (v10, v11) = (c * v10 - s * v11, s * v10 + c * v11);
        }
        var l0 = Math.Sqrt(Math.Max(0, a00));
        var l1 = Math.Sqrt(Math.Max(0, a11));
        double r00 = 0, r01 = 0, r10 = 0, r11 = 0;
        r00 += v00 * l0 * v00;
        r00 += v01 * l1 * v01;
        r01 += v00 * l0 * v10;
        r01 += v01 * l1 * v11;
        r10 += v10 * l0 * v00;
        r10 += v11 * l1 * v01;
        r11 += v10 * l0 * v10;
        r11 += v11 * l1 * v11;
        root[0] = r00;
        root[1] = r01;
        root[2] = r10;
        root[3] = r11;
    }
}
