namespace FlowDsl;

/// <summary>
/// Cyclic Jacobi eigendecomposition of a small symmetric matrix (row-major spans), allocation-free, for the
/// symmetric square root Σ^{1/2} of the SME noise (d is small) and the exact linear transitions.
/// </summary>
internal static partial class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric n×n matrix <paramref name="a"/> (destroyed) into eigenvalues <paramref name="values"/>
    /// and orthonormal eigenvectors as the columns of <paramref name="vectors"/> (row-major n×n).
    /// </summary>
    public static void Decompose(Span<double> a, int n, Span<double> values, Span<double> vectors)
    {
        vectors.Clear();
        for (var i = 0; i < n; i++) vectors[i * n + i] = 1.0;
        for (var sweep = 0; sweep < 60; sweep++)
        {
            double off = 0, diag = 0;
            for (var i = 0; i < n; i++)
            {
                diag += a[i * n + i] * a[i * n + i];
                for (var j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (apq == 0) continue;
                    var app = a[p * n + p];
                    var aqq = a[q * n + q];
                    var theta = (aqq - app) / (2 * apq);
                    // Not Math.Sign: it throws on NaN, and a non-finite Σ (an overflowing drift or noise) must surface as the
                    // simulator's divergence report (step, path, particle, coordinate), not as an unexplained exception.
                    var t = (theta < 0 ? -1.0 : theta > 0 ? 1.0 : 0.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = vectors[k * n + p];
                        var vkq = vectors[k * n + q];
                        vectors[k * n + p] = c * vkp - s * vkq;
                        vectors[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }
        for (var i = 0; i < n; i++) values[i] = a[i * n + i];
    }

    /// <summary>
    /// The symmetric PSD square root of the symmetric PSD n×n matrix <paramref name="matrix"/> into <paramref name="root"/>.
    /// Tiny negative eigenvalues from rounding are clipped to 0. <paramref name="work"/> needs 2n² + n doubles.
    /// </summary>
    public static void SquareRoot(ReadOnlySpan<double> matrix, int n, Span<double> root, Span<double> work)
    {
        if (n == 1)
        {
            root[0] = Math.Sqrt(Math.Max(0, matrix[0]));
            return;
        }
        if (n == 2)
        {
            SquareRootTwoByTwo(matrix, root);
            return;
        }
        SquareRootByJacobi(matrix, n, root, work);
    }

    /// <summary><see cref="SquareRoot"/> through <see cref="Decompose"/> for any n ≥ 2 (the reference of the 2×2 form).</summary>
    internal static void SquareRootByJacobi(ReadOnlySpan<double> matrix, int n, Span<double> root, Span<double> work)
    {
        var a = work[..(n * n)];
        var vectors = work.Slice(n * n, n * n);
        var values = work.Slice(2 * n * n, n);
        matrix[..(n * n)].CopyTo(a);
        Decompose(a, n, values, vectors);
        for (var k = 0; k < n; k++) values[k] = Math.Sqrt(Math.Max(0, values[k]));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < n; k++) sum += vectors[i * n + k] * values[k] * vectors[j * n + k];
                root[i * n + j] = sum;
            }
    }
}
