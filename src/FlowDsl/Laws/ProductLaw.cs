using FlowDsl.Random;

namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>The product law of independent <paramref name="factors"/>: θ = (θ⁽¹⁾, …, θ⁽ᴷ⁾) concatenated.</summary>
    public static ProductLaw Product(params Law[] factors) => new(factors);
}

/// <summary>
/// The law of θ = (θ⁽¹⁾, …, θ⁽ᴷ⁾) with independent θ⁽ᵏ⁾ ~ Pₖ. Sampling draws the factors in order from the same
/// <see cref="CounterRng"/>. Mean: concatenation; covariance: block diagonal; support and exact quadrature: tensor
/// products (a monomial of total degree ≤ p factorises into per-factor monomials of degree ≤ p).
/// </summary>
public sealed class ProductLaw : Law
{
    private readonly Law[] _factors;
    private readonly int _dimension;

    /// <summary>The product of <paramref name="factors"/> (at least one).</summary>
    public ProductLaw(params Law[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length == 0)
            throw new ArgumentException("A product law needs at least one factor.", nameof(factors));
        for (var k = 0; k < factors.Length; k++)
            if (factors[k] is null) throw new ArgumentException($"Factor {k} is null.", nameof(factors));
        _factors = (Law[])factors.Clone();
        _dimension = _factors.Sum(f => f.Dimension);
    }

    /// <summary>The factors, in order.</summary>
    public IReadOnlyList<Law> Factors => _factors;

    /// <inheritdoc/>
    public override int Dimension => _dimension;

    /// <inheritdoc/>
    public override void Sample(ref CounterRng random, Span<double> destination)
    {
        CheckDestination(destination);
        var offset = 0;
        foreach (var factor in _factors)
        {
            factor.Sample(ref random, destination.Slice(offset, factor.Dimension));
            offset += factor.Dimension;
        }
    }

    /// <summary>The concatenated factor means, or <c>null</c> if a factor has none.</summary>
    public override double[]? Mean
    {
        get
        {
            var parts = _factors.Select(f => f.Mean).ToArray();
            return parts.Any(p => p is null) ? null : parts.SelectMany(p => p!).ToArray();
        }
    }

    /// <summary>The block-diagonal covariance diag(Cov θ⁽¹⁾, …), or <c>null</c> if a factor has none.</summary>
    public override double[,]? Covariance
    {
        get
        {
            var result = new double[_dimension, _dimension];
            var offset = 0;
            foreach (var factor in _factors)
            {
                if (factor.Covariance is not { } block) return null;
                for (var i = 0; i < factor.Dimension; i++)
                    for (var k = 0; k < factor.Dimension; k++) result[offset + i, offset + k] = block[i, k];
                offset += factor.Dimension;
            }
            return result;
        }
    }

    /// <summary>The tensor product of the factor supports when every factor is finitely supported; otherwise <c>null</c>.</summary>
    public override Quadrature? Support
    {
        get
        {
            var supports = _factors.Select(f => f.Support).ToArray();
            return supports.Any(s => s is null) ? null : TensorRules.Product(supports!, int.MaxValue);
        }
    }

    /// <summary>
    /// The tensor product of the factors' exact rules of the same degree, or <c>null</c> when a factor has none or the
    /// product has more than <paramref name="maxNodes"/> nodes.
    /// </summary>
    public override Quadrature? ExactQuadrature(int polynomialDegree, int maxNodes = 100_000)
    {
        TensorRules.CheckRequest(polynomialDegree, maxNodes);
        var rules = new Quadrature[_factors.Length];
        for (var k = 0; k < rules.Length; k++)
        {
            if (_factors[k].ExactQuadrature(polynomialDegree, maxNodes) is not { } rule) return null;
            rules[k] = rule;
        }
        return TensorRules.Product(rules, maxNodes);
    }
}
