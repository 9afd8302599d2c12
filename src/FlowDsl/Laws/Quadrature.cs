namespace FlowDsl;

/// <summary>
/// A finite rule Σₖ wₖ f(θₖ) for E_θ f(θ). A law's <see cref="Law.ExactQuadrature"/> is exact for every polynomial
/// of the requested total degree; a finitely supported law's <see cref="Law.Support"/> is exact for every f.
/// </summary>
/// <param name="Weights">wₖ ≥ 0, summing to 1.</param>
/// <param name="Nodes">θₖ, each of the law's dimension.</param>
public sealed record Quadrature(double[] Weights, double[][] Nodes)
{
    /// <summary>Number of nodes.</summary>
    public int Count => Weights.Length;

    /// <summary>Σₖ wₖ f(θₖ).</summary>
    public double Expectation(Func<double[], double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var sum = 0.0;
        for (var k = 0; k < Weights.Length; k++) sum += Weights[k] * f(Nodes[k]);
        return sum;
    }
}

public abstract partial class Law
{
    /// <summary>
    /// Nodes and weights with Σₖ wₖ f(θₖ) = E f(θ) for every polynomial f of total degree ≤ <paramref name="polynomialDegree"/>,
    /// or <c>null</c> when this law has no such rule with at most <paramref name="maxNodes"/> nodes.
    /// Finitely supported laws return their <see cref="Support"/> for any degree.
    /// </summary>
    public virtual Quadrature? ExactQuadrature(int polynomialDegree, int maxNodes = 100_000) =>
        Support is { } support && support.Count <= maxNodes ? support : null;

    /// <summary>The atoms θⱼ and probabilities pⱼ when the law is finitely supported (Rademacher, categorical, empirical); otherwise <c>null</c>.</summary>
    public virtual Quadrature? Support => null;
}
