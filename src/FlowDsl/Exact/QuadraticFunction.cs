namespace FlowDsl.Exact;

/// <summary>
/// A quadratic test function f(x) = xᵀQx + qᵀx + r (math.md §6.1), whose expectation needs only m = E x and M = E xxᵀ:
/// E f = Σᵢⱼ Qᵢⱼ Mᵢⱼ + qᵀm + r.
/// </summary>
/// <param name="Q">The d×d quadratic part (need not be symmetric; only its symmetric part matters).</param>
/// <param name="Linear">The linear part q (length d).</param>
/// <param name="Constant">The constant r.</param>
public sealed record QuadraticFunction(double[,] Q, double[] Linear, double Constant)
{
    /// <summary>The dimension d.</summary>
    public int Dimension => Linear.Length;

    /// <summary>f(x) = xᵀQx + qᵀx + r.</summary>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        var value = Constant;
        for (var i = 0; i < Linear.Length; i++)
        {
            value += Linear[i] * x[i];
            for (var j = 0; j < Linear.Length; j++) value += Q[i, j] * x[i] * x[j];
        }
        return value;
    }

    /// <summary>f(x) = vᵀx, a linear observable.</summary>
    public static QuadraticFunction LinearForm(double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(new double[v.Length, v.Length], (double[])v.Clone(), 0.0);
    }

    /// <summary>f(x) = |x − <paramref name="center"/>|² = xᵀx − 2 centerᵀx + |center|².</summary>
    public static QuadraticFunction SquaredDistance(double[] center)
    {
        ArgumentNullException.ThrowIfNull(center);
        var d = center.Length;
        var q = new double[d, d];
        for (var i = 0; i < d; i++) q[i, i] = 1.0;
        return new(q, center.Select(c => -2.0 * c).ToArray(), center.Sum(c => c * c));
    }

    /// <summary>f(x) = ½xᵀHx (the Li–Tai–E test function, §6.6).</summary>
    public static QuadraticFunction HalfQuadraticForm(double[,] h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var d = h.GetLength(0);
        var q = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) q[i, j] = 0.5 * h[i, j];
        return new(q, new double[d], 0.0);
    }
}
