namespace FlowDsl;

/// <summary>Tensor products of quadrature rules: weights multiply, nodes concatenate (last factor varies fastest).</summary>
internal static class TensorRules
{
    /// <summary>Σ over the product grid, or <c>null</c> when the grid has more than <paramref name="maxNodes"/> nodes.</summary>
    public static Quadrature? Product(IReadOnlyList<Quadrature> factors, int maxNodes)
    {
        long count = 1;
        foreach (var f in factors)
        {
            count *= f.Count;
            if (count > maxNodes) return null;
        }
        var dimension = factors.Sum(f => f.Nodes.Length == 0 ? 0 : f.Nodes[0].Length);
        var weights = new double[count];
        var nodes = new double[count][];
        var index = new int[factors.Count];
        for (var n = 0; n < count; n++)
        {
            var w = 1.0;
            var node = new double[dimension];
            var offset = 0;
            for (var f = 0; f < factors.Count; f++)
            {
                w *= factors[f].Weights[index[f]];
                var part = factors[f].Nodes[index[f]];
                part.CopyTo(node, offset);
                offset += part.Length;
            }
            weights[n] = w;
            nodes[n] = node;
            for (var f = factors.Count - 1; f >= 0; f--)
            {
                if (++index[f] < factors[f].Count) break;
                index[f] = 0;
            }
        }
        return new Quadrature(weights, nodes);
    }

    /// <summary>The same one-dimensional rule in each of <paramref name="dimension"/> coordinates.</summary>
    public static Quadrature? Power(double[] nodes, double[] weights, int dimension, int maxNodes)
    {
        var factor = new Quadrature(weights, nodes.Select(v => new[] { v }).ToArray());
        return Product(Enumerable.Repeat(factor, dimension).ToArray(), maxNodes);
    }

    /// <summary>Throws unless the requested degree and node budget are usable.</summary>
    public static void CheckRequest(int polynomialDegree, int maxNodes)
    {
        if (polynomialDegree < 0)
            throw new ArgumentOutOfRangeException(nameof(polynomialDegree), polynomialDegree, "The polynomial degree must be ≥ 0.");
        if (maxNodes < 1)
            throw new ArgumentOutOfRangeException(nameof(maxNodes), maxNodes, "The node budget must be ≥ 1.");
    }
}
