namespace FlowDsl.Study;

/// <summary>
/// The exact SGD expectation E f(x_N) for a finitely supported law (math.md §7.1 iv): a depth-first walk over all
/// K^N data sequences (batch 1), weighting each by Π pⱼ; every starting point follows the same sequence (n-point).
/// </summary>
internal static class SgdEnumeration<TModel> where TModel : IRiskModel
{
    /// <summary>E f over all sequences, or null when the law is not finitely supported or K^N exceeds <paramref name="limit"/>.</summary>
    public static double[]? Expectations(Law law, double alpha, int steps, IReadOnlyList<double[]> points, IReadOnlyList<Observable> observables, long limit)
    {
        if (law.Support is not { } support) return null;
        if (steps * Math.Log(support.Count) > Math.Log(Math.Max(limit, 1))) return null;
        var d = points[0].Length;
        var n = points.Count;
        var states = new double[steps + 1][];
        for (var i = 0; i <= steps; i++) states[i] = new double[n * d];
        for (var p = 0; p < n; p++) points[p].CopyTo(states[0], p * d);
        var sums = new double[observables.Count];
        var g = new double[d];
        Walk(0, 1.0);
        return sums;

        void Walk(int depth, double weight)
        {
            if (depth == steps)
            {
                var last = states[steps];
                var second = n > 1 ? last.AsSpan(d, d) : last.AsSpan(0, d);
                for (var o = 0; o < observables.Count; o++)
                    sums[o] += weight * ObservableException.Finite(observables[o].Evaluate(last.AsSpan(0, d), second), observables[o].Name,
                        $"SGD at α = {Reports.AlphaLabel.Format(alpha)} (exact enumeration)", null, last.AsSpan(0, d));
                return;
            }
            var from = states[depth];
            var to = states[depth + 1];
            for (var j = 0; j < support.Count; j++)
            {
                for (var p = 0; p < n; p++)
                {
                    TModel.Gradient(from.AsSpan(p * d, d), support.Nodes[j], g);
                    for (var i = 0; i < d; i++) to[p * d + i] = from[p * d + i] - alpha * g[i];
                }
                Walk(depth + 1, weight * support.Weights[j]);
            }
        }
    }
}
