namespace FlowDsl;

/// <summary>
/// Eigendecomposition of a small symmetric matrix by Householder reduction to tridiagonal form and the implicit QL method
/// (EISPACK tred2/tql2, as in JAMA), allocation-free: about 9n³ flops where the cyclic Jacobi method of
/// <see cref="SymmetricEigen"/> needs several sweeps of 12n³, so the SME root Σ(x)^{1/2} of a model whose means are cheap
/// sums over node lanes is no longer the step's largest cost.
/// </summary>
internal static class TridiagonalEigen
{
    private const int MaxIterations = 64; // QL iterations per eigenvalue; convergence is cubic, a few suffice

    /// <summary>The work length of <see cref="SquareRoot"/> for an n×n matrix.</summary>
    public static int WorkLength(int n) => 2 * n * n + 2 * n;

    /// <summary>
    /// The symmetric PSD square root V·diag(√max(λ,0))·Vᵀ of the symmetric n×n matrix <paramref name="matrix"/> (row-major)
    /// into <paramref name="root"/>: the same matrix as <see cref="SymmetricEigen.SquareRoot"/> up to rounding. Falls back to
    /// it if QL does not converge. <paramref name="work"/> needs <see cref="WorkLength"/> doubles.
    /// </summary>
    public static void SquareRoot(ReadOnlySpan<double> matrix, int n, Span<double> root, Span<double> work)
    {
        if (n == 1)
        {
            root[0] = Math.Sqrt(Math.Max(0, matrix[0]));
            return;
        }
        var v = work[..(n * n)];
        var columns = work.Slice(n * n, n * n);
        var values = work.Slice(2 * n * n, n);
        var e = work.Slice(2 * n * n + n, n);
        matrix[..(n * n)].CopyTo(v);
        Tridiagonalize(v, values, e, n);
        // QL rotates pairs of eigenvector columns: stored by column, each rotation runs over two contiguous rows.
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++) columns[k * n + i] = v[i * n + k];
        if (!Diagonalize(columns, values, e, n))
        {
            Span<double> jacobi = new double[2 * n * n + n];
            SymmetricEigen.SquareRoot(matrix, n, root, jacobi);
            return;
        }
        // R = Σₖ √λₖ vₖvₖᵀ, the upper triangle row by row over contiguous columns, then mirrored.
        root[..(n * n)].Clear();
        for (var k = 0; k < n; k++)
        {
            var scale = Math.Sqrt(Math.Max(0, values[k]));
            if (scale == 0) continue;
            var column = columns.Slice(k * n, n);
            for (var i = 0; i < n; i++)
            {
                var a = column[i] * scale;
                var row = root.Slice(i * n, n);
                for (var j = i; j < n; j++) row[j] += a * column[j];
            }
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++) root[i * n + j] = root[j * n + i];
    }

    /// <summary>tred2: V ← the orthogonal Q with QᵀAQ tridiagonal (A given in V), d its diagonal, e its subdiagonal in e[1..n).</summary>
    private static void Tridiagonalize(Span<double> v, Span<double> d, Span<double> e, int n)
    {
        for (var j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
        for (var i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (var k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (var j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            }
            else
            {
                for (var k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                var f = d[i - 1];
                var g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (var j = 0; j < i; j++) e[j] = 0;
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (var k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (var j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                var hh = f / (h + h);
                for (var j = 0; j < i; j++) e[j] -= hh * d[j];
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (var k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }
            d[i] = h;
        }
        // Accumulate the transformations.
        for (var i = 0; i < n - 1; i++)
        {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            var h = d[i + 1];
            if (h != 0)
            {
                for (var k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
                for (var j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (var k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
                    for (var k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
                }
            }
            for (var k = 0; k <= i; k++) v[k * n + i + 1] = 0;
        }
        for (var j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }
        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    /// <summary>√(a² + b²): the plain formula (double.Hypot's scaling costs more than the rest of a QL step), the scaled one when it under- or overflows.</summary>
    private static double Hypot(double a, double b)
    {
        var r = Math.Sqrt(a * a + b * b);
        return r is > 1e-150 and < 1e150 ? r : double.Hypot(a, b);
    }

    /// <summary>tql2: the eigenvalues into d and the eigenvectors into <paramref name="columns"/> (column k at [k·n, (k+1)·n), from tred2's Q by column); false if QL does not converge.</summary>
    private static bool Diagonalize(Span<double> columns, Span<double> d, Span<double> e, int n)
    {
        for (var i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        const double eps = 2.220446049250313e-16; // 2⁻⁵²
        for (var l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            var m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1) m++;
            if (m > l)
            {
                var iterations = 0;
                do
                {
                    if (++iterations > MaxIterations) return false;
                    var g = d[l];
                    var p = (d[l + 1] - g) / (2 * e[l]);
                    var r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    var dl1 = d[l + 1];
                    var h = g - d[l];
                    for (var i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    var el1 = e[l + 1];
                    for (var i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        var left = columns.Slice(i * n, n);
                        var right = columns.Slice((i + 1) * n, n);
                        for (var k = 0; k < left.Length && k < right.Length; k++)
                        {
                            h = right[k];
                            right[k] = s * left[k] + c * h;
                            left[k] = c * left[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        return true;
    }
}
