namespace FlowDsl.Study;

/// <summary>
/// Deterministic derivatives for the surrogate control variates (math.md §7.3.4): exact Hessian-vector products of the
/// mean risk, and finite differences where no generated derivative exists (∇³R̄, the observable, a drift, noise columns).
/// Their accuracy only affects how well a control correlates, never its mean: every mean is computed for the same tensors.
/// Matrices are d×d row-major arrays.
/// </summary>
internal static class SurrogateCalculus
{
    /// <summary>Relative step of central first differences (truncation ~1e-10, rounding ~1e-11 of the differentiated quantity).</summary>
    private const double FirstStep = 1e-5;

    /// <summary>Relative step of forward differences (truncation ~1e-7, rounding ~1e-9).</summary>
    private const double ForwardStep = 1e-7;

    /// <summary>Relative step of the observable's second differences (truncation and rounding both ~1e-8 of f).</summary>
    private const double SecondStep = 1e-4;

    private static double Step(double x, double relative) => relative * Math.Max(1, Math.Abs(x));

    /// <summary>∇²R̄(x), column by column from <see cref="MeanRisk{TModel}.HessianVectorProduct"/>, symmetrised.</summary>
    public static double[] Hessian<TModel>(MeanRisk<TModel> mean, double[] x) where TModel : IRiskModel
    {
        var d = x.Length;
        var h = new double[d * d];
        var e = new double[d];
        var column = new double[d];
        for (var j = 0; j < d; j++)
        {
            e[j] = 1;
            mean.HessianVectorProduct(x, e, column);
            e[j] = 0;
            for (var i = 0; i < d; i++) h[i * d + j] = column[i];
        }
        return Symmetrised(h, d);
    }

    /// <summary>∇³R̄(x)[v] = ∂ₓ(∇²R̄(x)v), the d×d matrix of the third derivative contracted with v, symmetrised.</summary>
    public static double[] ThirdContracted<TModel>(MeanRisk<TModel> mean, double[] x, double[] v) where TModel : IRiskModel
    {
        var d = x.Length;
        return Symmetrised(Jacobian(d, x, (at, result) => mean.HessianVectorProduct(at, v, result)), d);
    }

    /// <summary>
    /// The Jacobian ∂F/∂x (row i: ∂Fᵢ) of a map Rᵈ → Rᵐ by forward differences: d + 1 evaluations (half of central
    /// differences; these tensors are built along whole paths), about 1e-7 relative accuracy, exact up to rounding for an
    /// affine map.
    /// </summary>
    public static double[] Jacobian(int m, double[] x, Action<double[], double[]> map)
    {
        var d = x.Length;
        var jacobian = new double[m * d];
        var probe = (double[])x.Clone();
        var at = new double[m];
        var up = new double[m];
        map(probe, at);
        for (var j = 0; j < d; j++)
        {
            var step = Step(x[j], ForwardStep);
            probe[j] = x[j] + step;
            step = probe[j] - x[j]; // the step actually taken, exactly representable
            map(probe, up);
            probe[j] = x[j];
            for (var i = 0; i < m; i++) jacobian[i * d + j] = (up[i] - at[i]) / step;
        }
        return jacobian;
    }

    /// <summary>∇f by central differences (f is a user function of one point).</summary>
    public static double[] Gradient(Observable f, double[] x)
    {
        var probe = (double[])x.Clone();
        var gradient = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var step = Step(x[i], FirstStep);
            probe[i] = x[i] + step;
            var up = f.Evaluate(probe, probe);
            probe[i] = x[i] - step;
            var down = f.Evaluate(probe, probe);
            probe[i] = x[i];
            gradient[i] = (up - down) / (2 * step);
        }
        return gradient;
    }

    /// <summary>∇²f by second central differences (exact up to rounding for a quadratic f).</summary>
    public static double[] Hessian(Observable f, double[] x)
    {
        var d = x.Length;
        var h = new double[d * d];
        var probe = (double[])x.Clone();
        var centre = f.Evaluate(x, x);
        double At(int i, double si, int j, double sj)
        {
            probe[i] += si;
            probe[j] += sj;
            var value = f.Evaluate(probe, probe);
            probe[i] = x[i];
            probe[j] = x[j];
            return value;
        }
        for (var i = 0; i < d; i++)
        {
            var si = Step(x[i], SecondStep);
            h[i * d + i] = (At(i, si, i, 0) - 2 * centre + At(i, -si, i, 0)) / (si * si);
            for (var j = 0; j < i; j++)
            {
                var sj = Step(x[j], SecondStep);
                var value = (At(i, si, j, sj) - At(i, si, j, -sj) - At(i, -si, j, sj) + At(i, -si, j, -sj)) / (4 * si * sj);
                h[i * d + j] = h[j * d + i] = value;
            }
        }
        return h;
    }

    /// <summary>(A + Aᵀ)/2.</summary>
    public static double[] Symmetrised(double[] a, int d)
    {
        for (var i = 0; i < d; i++)
            for (var j = 0; j < i; j++)
                a[i * d + j] = a[j * d + i] = (a[i * d + j] + a[j * d + i]) / 2;
        return a;
    }

    /// <summary>vᵀAv.</summary>
    public static double Quadratic(double[] a, ReadOnlySpan<double> v)
    {
        var d = v.Length;
        double sum = 0;
        for (var i = 0; i < d; i++)
        {
            double row = 0;
            for (var j = 0; j < d; j++) row += a[i * d + j] * v[j];
            sum += v[i] * row;
        }
        return sum;
    }

    /// <summary>tr(AP) for symmetric P.</summary>
    public static double Trace(double[] a, double[] p)
    {
        double sum = 0;
        for (var k = 0; k < a.Length; k++) sum += a[k] * p[k];
        return sum;
    }

    /// <summary>P ← APAᵀ + Q (d×d).</summary>
    public static void Propagate(double[] a, double[] p, double[] q, int d, double[] scratch)
    {
        // scratch = AP, then P = scratch·Aᵀ + Q.
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                double sum = 0;
                for (var k = 0; k < d; k++) sum += a[i * d + k] * p[k * d + j];
                scratch[i * d + j] = sum;
            }
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                double sum = 0;
                for (var k = 0; k < d; k++) sum += scratch[i * d + k] * a[j * d + k];
                p[i * d + j] = sum + q[i * d + j];
            }
    }
}
