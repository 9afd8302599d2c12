namespace FlowDsl.Exact;

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
