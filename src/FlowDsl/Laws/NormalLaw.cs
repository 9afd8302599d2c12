using FlowDsl.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>The standard normal law N(0, I) on ℝ^<paramref name="dimension"/>.</summary>
    public static NormalLaw Normal(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var covariance = new double[dimension, dimension];
        for (var i = 0; i < dimension; i++) covariance[i, i] = 1.0;
        return new NormalLaw(new double[dimension], covariance);
    }

    /// <summary>The normal law N(<paramref name="mean"/>, <paramref name="covariance"/>); the covariance must be symmetric positive semi-definite.</summary>
    public static NormalLaw Normal(double[] mean, double[,] covariance) => new(mean, covariance);
}

/// <summary>
/// The normal law N(m, S). Samples are <c>m + S^{1/2} ξ</c> with the symmetric square root <c>S^{1/2}</c>
/// (from a symmetric eigendecomposition), so a law with a singular S is allowed.
/// </summary>
public sealed class NormalLaw : Law
{
    private readonly double[] _mean;
    private readonly double[,] _covariance;
    private readonly double[,] _root;

    /// <summary>N(<paramref name="mean"/>, <paramref name="covariance"/>).</summary>
    public NormalLaw(double[] mean, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        var d = mean.Length;
        if (d == 0) throw new ArgumentException("A normal law needs a dimension of at least 1; the mean is empty.", nameof(mean));
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"The covariance must be {d}×{d} to match the mean; it is {covariance.GetLength(0)}×{covariance.GetLength(1)}.", nameof(covariance));
        foreach (var v in mean)
            if (!double.IsFinite(v)) throw new ArgumentException($"The mean has a non-finite entry ({v}).", nameof(mean));
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                if (!double.IsFinite(covariance[i, j]))
                    throw new ArgumentException($"The covariance entry ({i}, {j}) is not finite.", nameof(covariance));
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-12 * (1 + Math.Abs(covariance[i, j])))
                    throw new ArgumentException($"The covariance is not symmetric at ({i}, {j}).", nameof(covariance));
            }
        _mean = (double[])mean.Clone();
        _covariance = (double[,])covariance.Clone();
        _root = SymmetricSquareRoot(_covariance);
    }

    /// <inheritdoc/>
    public override int Dimension => _mean.Length;

    /// <summary>A copy of the mean m.</summary>
    public override double[] Mean => (double[])_mean.Clone();

    /// <summary>A copy of the covariance S.</summary>
    public override double[,] Covariance => (double[,])_covariance.Clone();

    /// <summary>
    /// Gauss–Hermite tensor rule mapped through θ = m + S^{1/2} z: q = ⌈(degree+1)/2⌉ points per dimension, exact for
    /// every polynomial of total degree ≤ <paramref name="polynomialDegree"/> (a polynomial in θ is one of the same
    /// degree in z ~ N(0, I)); <c>null</c> when q^d &gt; <paramref name="maxNodes"/>.
    /// </summary>
    public override Quadrature? ExactQuadrature(int polynomialDegree, int maxNodes = 100_000)
    {
        TensorRules.CheckRequest(polynomialDegree, maxNodes);
        var (z, w) = GaussRules.StandardNormal(GaussRules.PointsForDegree(polynomialDegree));
        var standard = TensorRules.Power(z, w, Dimension, maxNodes);
        if (standard is null) return null;
        var d = Dimension;
        var nodes = new double[standard.Count][];
        for (var n = 0; n < nodes.Length; n++)
        {
            var theta = new double[d];
            for (var i = 0; i < d; i++)
            {
                var sum = _mean[i];
                for (var k = 0; k < d; k++) sum += _root[i, k] * standard.Nodes[n][k];
                theta[i] = sum;
            }
            nodes[n] = theta;
        }
        return new Quadrature(standard.Weights, nodes);
    }

    /// <summary>A copy of the symmetric square root S^{1/2}.</summary>
    public double[,] CovarianceRoot => (double[,])_root.Clone();

    /// <inheritdoc/>
    public override void Sample(ref CounterRng random, Span<double> destination)
    {
        CheckDestination(destination);
        var d = Dimension;
        Span<double> xi = d <= 64 ? stackalloc double[d] : new double[d];
        random.FillNormal(xi);
        for (var i = 0; i < d; i++)
        {
            var sum = _mean[i];
            for (var k = 0; k < d; k++) sum += _root[i, k] * xi[k];
            destination[i] = sum;
        }
    }

    /// <summary>The symmetric PSD square root of a symmetric PSD matrix; eigenvalues below −1e-10·max are an error.</summary>
    public static double[,] SymmetricSquareRoot(double[,] matrix)
    {
        var m = Matrix<double>.Build.DenseOfArray(matrix);
        var evd = m.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        var scale = Math.Max(1e-300, values.Select(Math.Abs).DefaultIfEmpty(0).Max());
        if (values.Any(v => v < -1e-10 * scale))
            throw new ArgumentException($"The matrix is not positive semi-definite (smallest eigenvalue {values.Min():G6}).", nameof(matrix));
        var sqrt = Matrix<double>.Build.DiagonalOfDiagonalArray(values.Select(v => Math.Sqrt(Math.Max(0, v))).ToArray());
        var root = evd.EigenVectors * sqrt * evd.EigenVectors.Transpose();
        return root.ToArray();
    }
}
