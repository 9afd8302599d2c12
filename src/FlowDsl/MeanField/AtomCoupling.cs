namespace FlowDsl.MeanField;

/// <summary>
/// Quantile coupling of particle SGD's atom draw with the Brownian increments of the cylindrical noise
/// (math.md §7.3.2 for a finite P with N atoms): the atom J is a function of the N normals ξⱼ of the same α-interval
/// that drive the flows, with P(J = j) = pⱼ EXACTLY, chosen so that the SGD noise <c>α(r_J g_J − V)</c> follows the
/// Gaussian noise <c>α Σⱼ √pⱼ Gⱼ ξⱼ</c> as closely as a single discrete draw can.
/// </summary>
/// <remarks>
/// <para>Why this target: SGD's noise is <c>α Σⱼ (Zⱼ − pⱼ) rⱼgⱼ</c> with Z = e_J, and the flow's is
/// <c>α Σⱼ Yⱼ rⱼgⱼ</c> with <c>Yⱼ = √pⱼξⱼ − pⱼ Σₗ √pₗξₗ</c>; Z − p and Y have the same covariance diag(p) − ppᵀ.</para>
/// <para>Construction: the atoms are split recursively into halves A | B (a binary tree). At a node, with
/// <c>S_A = Σ_{j∈A} √pⱼξⱼ ~ N(0, p_A)</c>, the contrast <c>z = (p_B S_A − p_A S_B)/√(p_A p_B (p_A + p_B))</c> is N(0,1),
/// and the walk goes to A iff <c>z &gt; Φ⁻¹(p_B/(p_A + p_B))</c> (a large S_A selects an atom of A, where Y is large).
/// The contrasts of different nodes are orthogonal in the √p-weighted coordinates, hence independent, so every branch
/// is taken with its conditional probability and J ~ p. For two atoms this is the perfect one-dimensional quantile
/// coupling (the indicator Z₁ − p₁ is then a monotone function of Y₁).</para>
/// </remarks>
public sealed class AtomCoupling
{
    private readonly double[] _sqrtWeights;
    private readonly Node[] _nodes;

    /// <summary>The coupling for the atoms and weights of <paramref name="data"/>.</summary>
    public AtomCoupling(MeanFieldData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _sqrtWeights = data.SqrtWeights.ToArray();
        var weights = data.Weights.ToArray();
        var nodes = new List<Node>();
        Build(weights, 0, weights.Length, nodes);
        _nodes = [.. nodes];
        Count = weights.Length;
    }

    /// <summary>N, the number of atoms.</summary>
    public int Count { get; }

    /// <summary>The atom J for the normals <paramref name="xi"/> (one per atom): P(J = j) = pⱼ when ξ ~ N(0, I).</summary>
    public int Choose(ReadOnlySpan<double> xi)
    {
        if (xi.Length != Count) throw new ArgumentException($"One ξ per atom is needed: {Count}, got {xi.Length}.", nameof(xi));
        var node = 0;
        while (true)
        {
            var n = _nodes[node];
            if (n.Leaf >= 0) return n.Leaf;
            bool left;
            if (n.LeftWeight == 0) left = false;
            else if (n.RightWeight == 0) left = true;
            else
            {
                double sa = 0, sb = 0;
                for (var j = n.Start; j < n.Middle; j++) sa += _sqrtWeights[j] * xi[j];
                for (var j = n.Middle; j < n.End; j++) sb += _sqrtWeights[j] * xi[j];
                var z = (n.RightWeight * sa - n.LeftWeight * sb) * n.ContrastScale;
                left = z > n.Threshold;
            }
            node = left ? n.LeftChild : n.RightChild;
        }
    }

    /// <summary>Appends the subtree of atoms [start, end) in pre-order; returns its index.</summary>
    private static int Build(double[] weights, int start, int end, List<Node> nodes)
    {
        var index = nodes.Count;
        if (end - start == 1)
        {
            nodes.Add(new Node(start, start, end, end, 0, 0, 0, 0, -1, -1));
            return index;
        }
        nodes.Add(default);
        var middle = (start + end) / 2;
        double pa = 0, pb = 0;
        for (var j = start; j < middle; j++) pa += weights[j];
        for (var j = middle; j < end; j++) pb += weights[j];
        var left = Build(weights, start, middle, nodes);
        var right = Build(weights, middle, end, nodes);
        var total = pa + pb;
        var scale = pa > 0 && pb > 0 ? 1 / Math.Sqrt(pa * pb * total) : 0;
        // Φ⁻¹(p_B/(p_A+p_B)), once per node: comparing z with it is comparing Φ(z) with the share, without Φ per draw.
        var threshold = scale > 0 ? MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, pb / total) : 0;
        nodes[index] = new Node(-1, start, middle, end, pa, pb, threshold, scale, left, right);
        return index;
    }

    private readonly record struct Node(
        int Leaf, int Start, int Middle, int End, double LeftWeight, double RightWeight, double Threshold, double ContrastScale,
        int LeftChild, int RightChild);
}
