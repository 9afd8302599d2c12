using FlowDsl.Random;

namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>The uniform law on the box [<paramref name="lower"/>, <paramref name="upper"/>]^<paramref name="dimension"/>.</summary>
    public static UniformLaw Uniform(double lower, double upper, int dimension = 1)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "A uniform law needs a dimension of at least 1.");
        return new UniformLaw(Enumerable.Repeat(lower, dimension).ToArray(), Enumerable.Repeat(upper, dimension).ToArray());
    }

    /// <summary>The uniform law on the box Πᵢ [<paramref name="lower"/>ᵢ, <paramref name="upper"/>ᵢ].</summary>
    public static UniformLaw Uniform(double[] lower, double[] upper) => new(lower, upper);
}

/// <summary>
/// The uniform law on a box Πᵢ [loᵢ, hiᵢ] with independent coordinates: θᵢ = loᵢ + (hiᵢ − loᵢ) Uᵢ,
/// E θᵢ = (loᵢ + hiᵢ)/2, Var θᵢ = (hiᵢ − loᵢ)²/12.
/// </summary>
public sealed class UniformLaw : Law
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>The uniform law on Πᵢ [<paramref name="lower"/>ᵢ, <paramref name="upper"/>ᵢ]; needs loᵢ &lt; hiᵢ, all finite.</summary>
    public UniformLaw(double[] lower, double[] upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Length == 0)
            throw new ArgumentException("A uniform law needs a dimension of at least 1; the lower corner is empty.", nameof(lower));
        if (upper.Length != lower.Length)
            throw new ArgumentException($"The upper corner has length {upper.Length}; the lower corner has length {lower.Length}.", nameof(upper));
        for (var i = 0; i < lower.Length; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]))
                throw new ArgumentException($"The box side {i} is [{lower[i]}, {upper[i]}]; both ends must be finite.", nameof(lower));
            if (!(lower[i] < upper[i]))
                throw new ArgumentException($"The box side {i} is [{lower[i]}, {upper[i]}]; the lower end must be below the upper end.", nameof(upper));
        }
        _lower = (double[])lower.Clone();
        _upper = (double[])upper.Clone();
    }

    /// <inheritdoc/>
    public override int Dimension => _lower.Length;

    /// <summary>A copy of the lower corner lo.</summary>
    public double[] Lower => (double[])_lower.Clone();

    /// <summary>A copy of the upper corner hi.</summary>
    public double[] Upper => (double[])_upper.Clone();

    /// <summary>E θᵢ = (loᵢ + hiᵢ)/2.</summary>
    public override double[] Mean => _lower.Select((lo, i) => 0.5 * (lo + _upper[i])).ToArray();

    /// <summary>Diagonal, Var θᵢ = (hiᵢ − loᵢ)²/12.</summary>
    public override double[,] Covariance
    {
        get
        {
            var d = Dimension;
            var covariance = new double[d, d];
            for (var i = 0; i < d; i++)
            {
                var width = _upper[i] - _lower[i];
                covariance[i, i] = width * width / 12.0;
            }
            return covariance;
        }
    }

    /// <inheritdoc/>
    public override void Sample(ref CounterRng random, Span<double> destination)
    {
        CheckDestination(destination);
        for (var i = 0; i < destination.Length; i++)
            destination[i] = _lower[i] + (_upper[i] - _lower[i]) * random.NextUniform();
    }

    /// <summary>
    /// Gauss–Legendre tensor rule, q = ⌈(degree+1)/2⌉ points per side mapped from [−1, 1] to [loᵢ, hiᵢ]: exact for every
    /// polynomial of total degree ≤ <paramref name="polynomialDegree"/>; <c>null</c> when q^d &gt; <paramref name="maxNodes"/>.
    /// </summary>
    public override Quadrature? ExactQuadrature(int polynomialDegree, int maxNodes = 100_000)
    {
        TensorRules.CheckRequest(polynomialDegree, maxNodes);
        var (z, w) = GaussRules.UniformSymmetric(GaussRules.PointsForDegree(polynomialDegree));
        var factors = new Quadrature[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var centre = 0.5 * (_lower[i] + _upper[i]);
            var half = 0.5 * (_upper[i] - _lower[i]);
            factors[i] = new Quadrature(w, z.Select(v => new[] { centre + half * v }).ToArray());
        }
        return TensorRules.Product(factors, maxNodes);
    }
}
