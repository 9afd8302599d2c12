namespace FlowDsl.Exact;

/// <summary>The first and second moments m = E x and M = E xxᵀ of one point at the horizon (math.md §6.1).</summary>
public sealed class PointMoments
{
    private readonly double[] _mean;
    private readonly double[,] _second;

    /// <summary>Wraps m and M (copied).</summary>
    public PointMoments(double[] mean, double[,] secondMoment)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(secondMoment);
        if (secondMoment.GetLength(0) != mean.Length || secondMoment.GetLength(1) != mean.Length)
            throw new ArgumentException($"M is {secondMoment.GetLength(0)}×{secondMoment.GetLength(1)}; m has length {mean.Length}.", nameof(secondMoment));
        _mean = (double[])mean.Clone();
        _second = (double[,])secondMoment.Clone();
    }

    /// <summary>The dimension d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>m = E x (a copy).</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>M = E xxᵀ (a copy).</summary>
    public double[,] SecondMoment => (double[,])_second.Clone();

    /// <summary>Cov x = M − mmᵀ.</summary>
    public double[,] Covariance
    {
        get
        {
            var c = SecondMoment;
            for (var i = 0; i < Dimension; i++)
                for (var j = 0; j < Dimension; j++) c[i, j] -= _mean[i] * _mean[j];
            return c;
        }
    }

    /// <summary>E|x|² = tr M.</summary>
    public double MeanSquaredNorm
    {
        get
        {
            var t = 0.0;
            for (var i = 0; i < Dimension; i++) t += _second[i, i];
            return t;
        }
    }

    /// <summary>E f = Σᵢⱼ Qᵢⱼ Mᵢⱼ + qᵀm + r for f(x) = xᵀQx + qᵀx + r.</summary>
    public double Expectation(QuadraticFunction f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Dimension != Dimension || f.Q.GetLength(0) != Dimension || f.Q.GetLength(1) != Dimension)
            throw new ArgumentException($"The test function has dimension {f.Dimension}; the moments have dimension {Dimension}.", nameof(f));
        var value = f.Constant;
        for (var i = 0; i < Dimension; i++)
        {
            value += f.Linear[i] * _mean[i];
            for (var j = 0; j < Dimension; j++) value += f.Q[i, j] * _second[i, j];
        }
        return value;
    }

    /// <summary>Var(vᵀx) = vᵀ(M − mmᵀ)v.</summary>
    public double Variance(double[] direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Length != Dimension)
            throw new ArgumentException($"The direction has length {direction.Length}; the moments have dimension {Dimension}.", nameof(direction));
        var c = Covariance;
        var v = 0.0;
        for (var i = 0; i < Dimension; i++)
            for (var j = 0; j < Dimension; j++) v += direction[i] * c[i, j] * direction[j];
        return v;
    }
}

/// <summary>
/// Moments of two points x (started at u) and y (started at v) driven by the same randomness as the model couples them:
/// each point's <see cref="PointMoments"/> and the cross moment P = E[xyᵀ] (math.md §6.1, §6.4).
/// </summary>
public sealed class TwoPointMoments
{
    private readonly double[,] _cross;

    /// <summary>Wraps the two points' moments and P = E[xyᵀ] (copied).</summary>
    public TwoPointMoments(PointMoments first, PointMoments second, double[,] cross)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(cross);
        if (second.Dimension != first.Dimension || cross.GetLength(0) != first.Dimension || cross.GetLength(1) != first.Dimension)
            throw new ArgumentException("The two points and the cross moment must share one dimension.", nameof(cross));
        First = first;
        Second = second;
        _cross = (double[,])cross.Clone();
    }

    /// <summary>Moments of x (started at u).</summary>
    public PointMoments First { get; }

    /// <summary>Moments of y (started at v).</summary>
    public PointMoments Second { get; }

    /// <summary>P = E[xyᵀ] (a copy).</summary>
    public double[,] Cross => (double[,])_cross.Clone();

    /// <summary>Cov(x, y) = P − mₓm_yᵀ.</summary>
    public double[,] CrossCovariance
    {
        get
        {
            var c = Cross;
            var mx = First.Mean;
            var my = Second.Mean;
            for (var i = 0; i < mx.Length; i++)
                for (var j = 0; j < mx.Length; j++) c[i, j] -= mx[i] * my[j];
            return c;
        }
    }

    /// <summary>E[xᵀQy] = tr(QPᵀ) = Σᵢⱼ Qᵢⱼ Pᵢⱼ.</summary>
    public double CrossExpectation(double[,] q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var d = First.Dimension;
        if (q.GetLength(0) != d || q.GetLength(1) != d)
            throw new ArgumentException($"Q is {q.GetLength(0)}×{q.GetLength(1)}; the points have dimension {d}.", nameof(q));
        var value = 0.0;
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) value += q[i, j] * _cross[i, j];
        return value;
    }

    /// <summary>E[x·y] = tr P.</summary>
    public double InnerProduct
    {
        get
        {
            var t = 0.0;
            for (var i = 0; i < First.Dimension; i++) t += _cross[i, i];
            return t;
        }
    }

    /// <summary>E|x − y|² = tr Mₓ + tr M_y − 2 tr P.</summary>
    public double MeanSquaredDistance => First.MeanSquaredNorm + Second.MeanSquaredNorm - 2 * InnerProduct;
}
