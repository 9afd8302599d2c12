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
    public static int WorkLength(int n) => n * n + 2 * n;

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
        var values = work.Slice(n * n, n);
        var e = work.Slice(n * n + n, n);
        matrix[..(n * n)].CopyTo(v);
        Tridiagonalize(v, values, e, n);
        if (!Diagonalize(v, values, e, n))
        {
            Span<double> jacobi = new double[2 * n * n + n];
            SymmetricEigen.SquareRoot(matrix, n, root, jacobi);
            return;
        }
        for (var k = 0; k < n; k++) values[k] = Math.Sqrt(Math.Max(0, values[k]));
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < n; k++) sum += v[i * n + k] * values[k] * v[j * n + k];
                root[i * n + j] = root[j * n + i] = sum;
            }
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

    /// <summary>tql2: the eigenvalues into d and the eigenvectors as the columns of V (from tred2's output); false if QL does not converge.</summary>
    private static bool Diagonalize(Span<double> v, Span<double> d, Span<double> e, int n)
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
                    var r = double.Hypot(p, 1);
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
                        r = double.Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (var k = 0; k < n; k++)
                        {
                            h = v[k * n + i + 1];
                            v[k * n + i + 1] = s * v[k * n + i] + c * h;
                            v[k * n + i] = c * v[k * n + i] - s * h;
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
