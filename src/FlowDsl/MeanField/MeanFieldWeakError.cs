namespace FlowDsl.MeanField;

/// <summary>
/// The two sides of a mean-field weak-error measurement (math.md §7): particle SGD by exact enumeration over a
/// finitely supported P, and the continuous models by Monte Carlo with antithetic pairs.
/// </summary>
public static class MeanFieldWeakError
{
    /// <summary>
    /// E Ψ(νⁿ_K) after K = T/α particle-SGD steps, exactly: a depth-first walk over all N^K atom sequences, each leaf
    /// weighted by Π pⱼ (math.md §7.1 iv). Throws when N^K exceeds <paramref name="maxLeaves"/>.
    /// </summary>
    public static double ExactSgdExpectation<TModel>(MeanFieldData data, double[] initial, double alpha, double horizon,
        MeasureObservable observable, long maxLeaves = 1L << 24) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(observable);
        var d = TModel.Layout.ParameterCount;
        var sgd = new ParticleSgd<TModel>(data, initial.Length / d, alpha);
        var steps = MeanFieldSimulation.StepsFor(sgd, horizon);
        if (Math.Pow(data.Count, steps) > maxLeaves)
            throw new ArgumentException($"Enumerating {data.Count}^{steps} SGD paths exceeds the limit of {maxLeaves}; use fewer atoms or steps.", nameof(horizon));
        var states = new double[steps + 1][];
        for (var i = 0; i <= steps; i++) states[i] = new double[initial.Length];
        initial.CopyTo(states[0], 0);
        return Walk(0, 1.0);

        double Walk(int depth, double weight)
        {
            if (depth == steps)
                return weight * Study.ObservableException.Finite(observable.Evaluate(states[depth]), observable.Name,
                    $"particle SGD at α = {Reports.AlphaLabel.Format(alpha)} (exact enumeration)", null, states[depth]);
            var sum = 0.0;
            for (var j = 0; j < data.Count; j++)
            {
                if (data.Weights[j] == 0) continue;
                states[depth].CopyTo(states[depth + 1], 0);
                sgd.StepOn(states[depth + 1], j);
                sum += Walk(depth + 1, weight * data.Weights[j]);
            }
            return sum;
        }
    }

    /// <summary>
    /// E Ψ(μ_T) for M0/M2/M3 from <paramref name="pairs"/> antithetic pairs of SH2 paths (h = α/substeps); the SE is
    /// that of the pair averages.
    /// </summary>
    public static (double Mean, double StandardError) FlowExpectation<TModel>(MeanFieldData data, double[] initial,
        MeanFieldFlowKind kind, double alpha, int substeps, double horizon, MeasureObservable observable, int pairs,
        ulong seed, int threads = 1) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(initial);
        var n = initial.Length / TModel.Layout.ParameterCount;
        var values = MeanFieldSimulation.RunEnsemble(
            () => new MeanFieldFlow<TModel>(data, n, kind, alpha, substeps) { Antithetic = true },
            initial, 2 * pairs, horizon, [observable], seed, threads);
        var mean = 0.0;
        var pairMeans = new double[pairs];
        for (var q = 0; q < pairs; q++)
        {
            pairMeans[q] = 0.5 * (values[2 * q, 0] + values[2 * q + 1, 0]);
            mean += pairMeans[q];
        }
        mean /= pairs;
        var variance = pairMeans.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, pairs - 1);
        return (mean, Math.Sqrt(variance / pairs));
    }
}
