namespace FlowDsl;

/// <summary>
/// A law split into independent one-dimensional <i>axes</i>, for tensor Gauss rules of chosen orders and for SGD driven
/// by the Brownian path (math.md §7.3.1–2). A normal factor θ = m + S^{1/2}z gives one axis per coordinate of z; a
/// finitely supported factor (categorical, empirical, Rademacher) one fixed axis over its atoms; any other factor with
/// exact quadratures (uniform) one axis refined by degree. Products of these decompose factor by factor.
/// </summary>
internal sealed class LawAxes
{
    private readonly Part[] _parts;

    private LawAxes(Part[] parts, int dimension)
    {
        _parts = parts;
        Dimension = dimension;
        Refinable = parts.SelectMany(p => Enumerable.Repeat(p.Refinable, p.Axes)).ToArray();
    }

    /// <summary>The length of θ.</summary>
    public int Dimension { get; }

    /// <summary>The number of axes (= Brownian coordinates a coupled SGD draw consumes).</summary>
    public int Count => Refinable.Length;

    /// <summary>Whether each axis has a rule of adjustable order (false: the fixed atoms of a finite factor).</summary>
    public bool[] Refinable { get; }

    /// <summary>True when every factor is normal or finitely supported, so a coupled draw is exactly θ ~ P.</summary>
    public bool ExactlyCoupled => _parts.All(p => p is NormalPart or FinitePart);

    /// <summary>The axes of <paramref name="law"/>, or null when a factor is none of normal, finite or exactly integrable.</summary>
    public static LawAxes? Of(Law law)
    {
        var parts = new List<Part>();
        return Collect(law, 0, parts) ? new LawAxes([.. parts], law.Dimension) : null;
    }

    private static bool Collect(Law law, int offset, List<Part> parts)
    {
        switch (law)
        {
            case ProductLaw product:
                foreach (var factor in product.Factors)
                {
                    if (!Collect(factor, offset, parts)) return false;
                    offset += factor.Dimension;
                }
                return true;
            case NormalLaw normal:
                parts.Add(new NormalPart(offset, normal.Dimension, normal.Mean, normal.CovarianceRoot));
                return true;
        }
        if (law.Support is { } support)
        {
            parts.Add(new FinitePart(offset, law.Dimension, Sorted(support)));
            return true;
        }
        if (law.ExactQuadrature(1) is not null)
        {
            parts.Add(new GenericPart(offset, law.Dimension, law));
            return true;
        }
        return false;
    }

    /// <summary>The nodes in lexicographic order, so that quantile coupling maps nearby normals to nearby atoms.</summary>
    private static Quadrature Sorted(Quadrature rule)
    {
        var order = Enumerable.Range(0, rule.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var x = rule.Nodes[a];
            var y = rule.Nodes[b];
            for (var i = 0; i < x.Length; i++)
            {
                var c = x[i].CompareTo(y[i]);
                if (c != 0) return c;
            }
            return a.CompareTo(b);
        });
        return new Quadrature(order.Select(j => rule.Weights[j]).ToArray(), order.Select(j => rule.Nodes[j]).ToArray());
    }

    /// <summary>Starting orders: 2 points on every refinable axis (fixed axes keep their atoms).</summary>
    public int[] InitialPoints() => Refinable.Select(_ => 2).ToArray();

    /// <summary>The number of nodes of the tensor rule with <paramref name="points"/> per axis.</summary>
    public long NodeCount(int[] points)
    {
        long count = 1;
        var axis = 0;
        foreach (var part in _parts)
        {
            count = Saturating(count, part.Count(points.AsSpan(axis, part.Axes)));
            axis += part.Axes;
        }
        return count;
    }

    /// <summary>a·b, or long.MaxValue when it would overflow (a data dimension of hundreds makes 2^d nodes).</summary>
    private static long Saturating(long a, long b) => a == 0 || b <= long.MaxValue / a ? a * b : long.MaxValue;

    /// <summary>The tensor rule with <paramref name="points"/> Gauss points per refinable axis, or null above <paramref name="maxNodes"/>.</summary>
    public Quadrature? Rule(int[] points, int maxNodes)
    {
        if (NodeCount(points) > maxNodes) return null;
        var rules = new Quadrature[_parts.Length];
        var axis = 0;
        for (var k = 0; k < _parts.Length; k++)
        {
            rules[k] = _parts[k].Rule(points.AsSpan(axis, _parts[k].Axes));
            axis += _parts[k].Axes;
        }
        return TensorRules.Product(rules, maxNodes);
    }

    /// <summary>
    /// A coupled draw: θ from one standard normal ξₖ per axis. With <paramref name="points"/> null, exactly θ ~ P (normal
    /// factors θ = m + S^{1/2}ξ; finite factors θ = atom F⁻¹(Φ(ξ))); otherwise exactly θ ~ the tensor rule of those orders
    /// (every axis by quantile coupling).
    /// </summary>
    public Sampler CreateSampler(int[]? points) => new(this, points);

    /// <summary>Draws θ from per-axis standard normals (one instance may be shared: it holds no scratch state).</summary>
    public sealed class Sampler
    {
        private readonly LawAxes _axes;
        private readonly AxisSampler[] _samplers;

        internal Sampler(LawAxes axes, int[]? points)
        {
            if (points is null && !axes.ExactlyCoupled)
                throw new ArgumentException("An exact coupled draw needs normal or finitely supported factors only.", nameof(points));
            _axes = axes;
            var samplers = new List<AxisSampler>();
            var axis = 0;
            foreach (var part in axes._parts)
            {
                samplers.Add(part.Sampler(points?.AsSpan(axis, part.Axes).ToArray()));
                axis += part.Axes;
            }
            _samplers = [.. samplers];
        }

        /// <summary>θ into <paramref name="θ"/> from <paramref name="ξ"/> (one standard normal per axis).</summary>
        public void Draw(ReadOnlySpan<double> ξ, Span<double> θ)
        {
            var axis = 0;
            for (var k = 0; k < _samplers.Length; k++)
            {
                var part = _axes._parts[k];
                _samplers[k].Draw(ξ.Slice(axis, part.Axes), θ.Slice(part.Offset, part.Length));
                axis += part.Axes;
            }
        }
    }

    /// <summary>How one part maps its standard normals to its slice of θ.</summary>
    internal abstract class AxisSampler
    {
        public abstract void Draw(ReadOnlySpan<double> ξ, Span<double> θ);

        /// <summary>The index j with C_{j−1} &lt; Φ(ξ) ≤ C_j on cumulative weights C (quantile coupling).</summary>
        protected static int Quantile(double[] cumulative, double ξ)
        {
            var u = StandardNormal.Cdf(ξ);
            int lo = 0, hi = cumulative.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (cumulative[mid] < u) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        protected static double[] Cumulative(double[] weights)
        {
            var c = new double[weights.Length];
            double sum = 0;
            for (var j = 0; j < c.Length; j++) c[j] = sum += weights[j];
            for (var j = Array.FindLastIndex(weights, w => w > 0); j >= 0 && j < c.Length; j++) c[j] = 1.0;
            return c;
        }
    }

    private abstract record Part(int Offset, int Length)
    {
        public abstract int Axes { get; }
        public abstract bool Refinable { get; }
        public abstract long Count(ReadOnlySpan<int> points);
        public abstract Quadrature Rule(ReadOnlySpan<int> points);
        public abstract AxisSampler Sampler(int[]? points);
    }

    /// <summary>θ = m + S^{1/2}z, z ~ N(0, I): Gauss–Hermite on each coordinate of z.</summary>
    private sealed record NormalPart(int Offset, int Length, double[] Mean, double[,] Root) : Part(Offset, Length)
    {
        public override int Axes => Length;
        public override bool Refinable => true;

        public override long Count(ReadOnlySpan<int> points)
        {
            long c = 1;
            foreach (var q in points) c = Saturating(c, q);
            return c;
        }

        public override Quadrature Rule(ReadOnlySpan<int> points)
        {
            var factors = new Quadrature[Length];
            for (var k = 0; k < Length; k++)
            {
                var (z, w) = GaussRules.StandardNormal(points[k]);
                factors[k] = new Quadrature(w, z.Select(v => new[] { v }).ToArray());
            }
            var standard = TensorRules.Product(factors, int.MaxValue)!;
            var nodes = standard.Nodes.Select(z =>
            {
                var θ = new double[Length];
                Map(z, θ);
                return θ;
            }).ToArray();
            return new Quadrature(standard.Weights, nodes);
        }

        public void Map(ReadOnlySpan<double> z, Span<double> θ)
        {
            for (var i = 0; i < Length; i++)
            {
                var sum = Mean[i];
                for (var k = 0; k < Length; k++) sum += Root[i, k] * z[k];
                θ[i] = sum;
            }
        }

        public override AxisSampler Sampler(int[]? points) => new NormalSampler(this, points);
    }

    private sealed class NormalSampler : AxisSampler
    {
        private readonly NormalPart _part;
        private readonly double[][]? _nodes, _cumulative;

        public NormalSampler(NormalPart part, int[]? points)
        {
            _part = part;
            if (points is null) return;
            _nodes = new double[points.Length][];
            _cumulative = new double[points.Length][];
            for (var k = 0; k < points.Length; k++)
            {
                var (z, w) = GaussRules.StandardNormal(points[k]);
                _nodes[k] = z;
                _cumulative[k] = Cumulative(w);
            }
        }

        public override void Draw(ReadOnlySpan<double> ξ, Span<double> θ)
        {
            Span<double> z = stackalloc double[ξ.Length];
            for (var k = 0; k < z.Length; k++) z[k] = _nodes is null ? ξ[k] : _nodes[k][Quantile(_cumulative![k], ξ[k])];
            _part.Map(z, θ);
        }
    }

    /// <summary>A finitely supported factor: its atoms, lexicographically sorted.</summary>
    private sealed record FinitePart(int Offset, int Length, Quadrature Atoms) : Part(Offset, Length)
    {
        public override int Axes => 1;
        public override bool Refinable => false;
        public override long Count(ReadOnlySpan<int> points) => Atoms.Count;
        public override Quadrature Rule(ReadOnlySpan<int> points) => Atoms;
        public override AxisSampler Sampler(int[]? points) => new RuleSampler(Atoms);
    }

    /// <summary>Any other factor with exact quadratures: its rule of degree 2q − 1 (q the axis' points).</summary>
    private sealed record GenericPart(int Offset, int Length, Law Law) : Part(Offset, Length)
    {
        public override int Axes => 1;
        public override bool Refinable => true;
        public override long Count(ReadOnlySpan<int> points) => Rule(points).Count;
        public override Quadrature Rule(ReadOnlySpan<int> points) =>
            Law.ExactQuadrature(2 * points[0] - 1, int.MaxValue) ?? throw new InvalidOperationException($"{Law.GetType().Name} has no rule of degree {2 * points[0] - 1}.");
        public override AxisSampler Sampler(int[]? points) =>
            new RuleSampler(Sorted(Rule(points ?? throw new InvalidOperationException("A generic factor is only sampled through a rule."))));
    }

    /// <summary>Quantile coupling over the nodes of a finite rule (one normal per draw).</summary>
    private sealed class RuleSampler(Quadrature rule) : AxisSampler
    {
        private readonly double[] _cumulative = Cumulative(rule.Weights);

        public override void Draw(ReadOnlySpan<double> ξ, Span<double> θ) => rule.Nodes[Quantile(_cumulative, ξ[0])].CopyTo(θ);
    }
}
