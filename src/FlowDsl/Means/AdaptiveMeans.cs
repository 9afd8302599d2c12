namespace FlowDsl;

/// <summary>
/// Dimension-adaptive tensor Gauss rules for the mean quantities of a risk model under a continuous law: starting from
/// 2 points per axis, each round tries one refinement per axis (q → next(q), roughly ×1.5), keeps the one that changes
/// V = (∇R(x), ∇²R(x)v, Σ(x)) over the probe points the most, and stops when no refinement changes V by more than the
/// tolerance (relative to max|V| per quantity). The last changes are the error estimate.
/// </summary>
internal static class AdaptiveMeans
{
    /// <summary>The next order on an axis: 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, …</summary>
    public static int Next(int q) => q < 4 ? q + 1 : q % 3 == 0 ? q / 3 * 4 : q / 2 * 3;

    public static AdaptiveRule Build<TModel>(LawAxes axes, MeanAccuracy accuracy) where TModel : IRiskModel
    {
        accuracy.Validate();
        var d = TModel.Layout.ParameterCount;
        var probes = Probes(d, accuracy.Probes);
        var points = axes.InitialPoints();
        var rule = axes.Rule(points, accuracy.MaxNodes)
                   ?? throw new ArgumentException($"Even the smallest tensor rule for this law has more than {accuracy.MaxNodes} nodes; raise MeanAccuracy.MaxNodes.");
        var value = Evaluate<TModel>(rule, probes);
        var lastChange = double.PositiveInfinity;
        while (true)
        {
            double largest = -1;
            int best = -1;
            double[]? bestValue = null;
            Quadrature? bestRule = null;
            var blocked = false;
            for (var a = 0; a < points.Length; a++)
            {
                if (!axes.Refinable[a]) continue;
                var trial = (int[])points.Clone();
                trial[a] = Next(trial[a]);
                if (axes.Rule(trial, accuracy.MaxNodes) is not { } trialRule) { blocked = true; continue; }
                var trialValue = Evaluate<TModel>(trialRule, probes);
                var change = Change(value, trialValue, d, probes.Length);
                if (change > largest) (largest, best, bestValue, bestRule) = (change, a, trialValue, trialRule);
            }
            // Converged: no refinement moves V by more than the tolerance (the coarser rule is kept: the estimate is its own).
            if (best >= 0 && largest <= accuracy.Tolerance && !blocked) return new AdaptiveRule(rule, points, largest, true);
            // Out of budget: the axes that could not be refined are unchecked, so the estimate is the last change seen.
            if (best < 0 || (blocked && largest <= accuracy.Tolerance))
                return new AdaptiveRule(rule, points, Math.Max(largest, lastChange), false);
            points[best] = Next(points[best]);
            (rule, value, lastChange) = (bestRule!, bestValue!, largest);
        }
    }

    /// <summary>The caller's probes plus two generic points (all coordinates distinct, no symmetry to hide errors).</summary>
    private static double[][] Probes(int d, IReadOnlyList<double[]>? extra)
    {
        var list = new List<double[]>
        {
            Enumerable.Range(0, d).Select(i => 0.731 - 0.417 * i + 0.05 * i * i).ToArray(),
            Enumerable.Range(0, d).Select(i => 0.35 + 0.29 * Math.Sin(1.7 * i + 0.4)).ToArray(),
        };
        if (extra is not null) list.AddRange(extra.Where(p => p.Length == d));
        return [.. list];
    }

    /// <summary>V = [∇R(x) | ∇²R(x)v₁ | ∇²R(x)v₂ | Σ(x)] for each probe x, with v₁ = (1, ½, ⅓, …) and v₂ = (1, −½, ⅓, …).</summary>
    public static double[] Evaluate<TModel>(Quadrature rule, double[][] probes) where TModel : IRiskModel
    {
        var d = TModel.Layout.ParameterCount;
        var block = 3 * d + d * d;
        var result = new double[probes.Length * block];
        var g = new double[d];
        var v = Enumerable.Range(0, d).Select(i => 1.0 / (i + 1)).ToArray();
        var v2 = Enumerable.Range(0, d).Select(i => (i % 2 == 0 ? 1.0 : -1.0) / (i + 1)).ToArray();
        for (var p = 0; p < probes.Length; p++)
        {
            var x = probes[p];
            var mean = result.AsSpan(p * block, d);
            var hv = result.AsSpan(p * block + d, d);
            var hv2 = result.AsSpan(p * block + 2 * d, d);
            var sigma = result.AsSpan(p * block + 3 * d, d * d);
            for (var n = 0; n < rule.Count; n++)
            {
                var w = rule.Weights[n];
                TModel.Gradient(x, rule.Nodes[n], g);
                for (var i = 0; i < d; i++) mean[i] += w * g[i];
                TModel.HessianVectorProduct(x, rule.Nodes[n], v, g);
                for (var i = 0; i < d; i++) hv[i] += w * g[i];
                TModel.HessianVectorProduct(x, rule.Nodes[n], v2, g);
                for (var i = 0; i < d; i++) hv2[i] += w * g[i];
            }
            for (var n = 0; n < rule.Count; n++)
            {
                var w = rule.Weights[n];
                TModel.Gradient(x, rule.Nodes[n], g);
                for (var i = 0; i < d; i++) g[i] -= mean[i];
                for (var i = 0; i < d; i++)
                    for (var j = 0; j < d; j++) sigma[i * d + j] += w * g[i] * g[j];
            }
        }
        return result;
    }

    /// <summary>max over the three quantities of max|Δ| / max|V| (over all probes).</summary>
    private static double Change(double[] a, double[] b, int d, int probes)
    {
        var block = 3 * d + d * d;
        (int Start, int Length)[] parts = [(0, d), (d, d), (2 * d, d), (3 * d, d * d)];
        double worst = 0;
        foreach (var (start, length) in parts)
        {
            double scale = 0, diff = 0;
            for (var p = 0; p < probes; p++)
                for (var i = start; i < start + length; i++)
                {
                    scale = Math.Max(scale, Math.Abs(a[p * block + i]));
                    diff = Math.Max(diff, Math.Abs(a[p * block + i] - b[p * block + i]));
                }
            worst = Math.Max(worst, scale > 0 ? diff / scale : diff);
        }
        return worst;
    }
}
