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
