namespace FlowDsl.Exact;

public sealed partial class AffineGradientMoments
{
    /// <summary>
    /// The exact moments for a generated model whose gradient is affine in x (<c>TModel.Structure.IsAffineInParameters</c>):
    /// at each node θₖ of an exact rule, A(θₖ) = ∇²ₓR (column j = <c>HessianVectorProduct(0, θₖ, eⱼ)</c>) and
    /// c(θₖ) = −∇ₓR(0, θₖ); then <see cref="FromAtoms"/> with the rule's weights.
    /// </summary>
    /// <remarks>
    /// The rule is the law's support when finitely supported; otherwise, when ∇ₓR is a polynomial of degree p in θ, the
    /// law's <see cref="Law.ExactQuadrature"/> of degree 2p (exact for the second moments, e.g. Gauss–Hermite for a
    /// normal θ). <paramref name="law"/> defaults to <c>TModel.DefaultLaw</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">The gradient is not affine in x, the law is missing or has the wrong dimension,
    /// or no exact rule with at most <paramref name="maxNodes"/> nodes exists.</exception>
    public static AffineGradientMoments FromModel<TModel>(Law? law = null, int maxNodes = 100_000) where TModel : IRiskModel
    {
        var structure = TModel.Structure;
        if (!structure.IsAffineInParameters)
            throw new ArgumentException($"Model {TModel.Name}: ∇ₓR has degree {structure.DegreeInParameters} in x; the exact-moment engine needs it affine in x (math.md §6.1).", nameof(TModel));
        law ??= TModel.DefaultLaw ?? throw new ArgumentException($"Model {TModel.Name} declares no [Law]; pass the law of θ.", nameof(law));
        var d = TModel.Layout.ParameterCount;
        var dataLength = TModel.Layout.DataCount;
        if (law.Dimension != dataLength)
            throw new ArgumentException($"Model {TModel.Name} takes θ of length {dataLength}; the law has dimension {law.Dimension}.", nameof(law));
        var rule = structure.DegreeInData >= 0
            ? law.ExactQuadrature(2 * structure.DegreeInData, maxNodes)
            : law.Support is { } support && support.Count <= maxNodes ? support : null;
        if (rule is null)
            throw new ArgumentException(
                $"Model {TModel.Name}: the law {law.GetType().Name} has no exact rule with ≤ {maxNodes} nodes for the second moments of ∇ₓR " +
                $"(degree {structure.DegreeInData} in θ); use a finitely supported law or one with an exact quadrature.", nameof(law));

        var zero = new double[d];
        var unit = new double[d];
        var column = new double[d];
        var atoms = new (double, double[,], double[])[rule.Count];
        for (var n = 0; n < rule.Count; n++)
        {
            var theta = rule.Nodes[n];
            var a = new double[d, d];
            for (var j = 0; j < d; j++)
            {
                Array.Clear(unit);
                unit[j] = 1.0;
                TModel.HessianVectorProduct(zero, theta, unit, column);
                for (var i = 0; i < d; i++) a[i, j] = column[i];
            }
            var c = new double[d];
            TModel.Gradient(zero, theta, c);
            for (var i = 0; i < d; i++) c[i] = -c[i];
            atoms[n] = (rule.Weights[n], a, c);
        }
        return FromAtoms(atoms);
    }
}
