namespace FlowDsl.MeanField;

/// <summary>
/// The two sides of a mean-field weak-error measurement (math.md §7): particle SGD by exact enumeration over a
/// finitely supported P, and the continuous models by Monte Carlo with antithetic pairs.
/// </summary>
public static class MeanFieldWeakError
{
    /// <summary>
    /// E Ψ(νⁿ_K) after K = T/α particle-SGD steps, exactly: a depth-first walk over all N^K atom sequences, each leaf
    /// weighted by Π pⱼ (math.md §7.1 iv). Throws when N^K exceeds <paramref name="maxLeaves"/>. With several
    /// <paramref name="threads"/> the subtrees below a short prefix are walked in parallel and then added in the walk's
    /// own order, so the sum is the same bits for any thread count.
    /// </summary>
    public static double ExactSgdExpectation<TModel>(MeanFieldData data, double[] initial, double alpha, double horizon,
        MeasureObservable observable, long maxLeaves = 1L << 24, int threads = 1) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(observable);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        var d = TModel.Layout.ParameterCount;
        var n = initial.Length / d;
        var steps = MeanFieldSimulation.StepsFor(new ParticleSgd<TModel>(data, n, alpha), horizon);
        if (Math.Pow(data.Count, steps) > maxLeaves)
            throw new ArgumentException($"Enumerating {data.Count}^{steps} SGD paths exceeds the limit of {maxLeaves}; use fewer atoms or steps.", nameof(horizon));
        var where = $"particle SGD at α = {Reports.AlphaLabel.Format(alpha)} (exact enumeration)";
        var atoms = Enumerable.Range(0, data.Count).Where(j => data.Weights[j] != 0).ToArray();
        // The prefix depth: enough subtrees to keep every thread busy (none with one thread).
        var depth = 0;
        for (long subtrees = 1; threads > 1 && depth < steps && subtrees < 8L * threads; depth++) subtrees *= atoms.Length;
        var prefixes = new List<int[]>();
        Prefixes(depth, []);
        var subtotals = new double[prefixes.Count];
        Parallel.For(0, prefixes.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new Walker<TModel>(data, initial, alpha, steps, observable, where), (i, _, walker) =>
            {
                subtotals[i] = walker.Subtree(prefixes[i]);
                return walker;
            }, static _ => { });
        // The levels above the prefix depth, added as the single-threaded walk adds them.
        var next = 0;
        return Top(0);

        double Top(int level)
        {
            if (level == depth) return subtotals[next++];
            var sum = 0.0;
            foreach (var _ in atoms) sum += Top(level + 1);
            return sum;
        }

        void Prefixes(int length, int[] prefix)
        {
            if (length == 0)
            {
                prefixes.Add(prefix);
                return;
            }
            foreach (var j in atoms) Prefixes(length - 1, [.. prefix, j]);
        }
    }

    /// <summary>The depth-first walk of <see cref="ExactSgdExpectation{TModel}"/> below one prefix of atoms (one per thread).</summary>
    private sealed class Walker<TModel> where TModel : IMeanFieldModel
    {
        private readonly MeanFieldData _data;
        private readonly double[] _initial;
        private readonly double[][] _states;
        private readonly Action<double[], int> _step;
        private readonly MeasureObservable _observable;
        private readonly string _where;
        private readonly int _steps;

        public Walker(MeanFieldData data, double[] initial, double alpha, int steps, MeasureObservable observable, string where)
        {
            _data = data;
            _initial = initial;
            _steps = steps;
            _observable = observable;
            _where = where;
            _step = ParticleSgdSteps.Create<TModel>(data, initial.Length / TModel.Layout.ParameterCount, alpha);
            _states = new double[steps + 1][];
            for (var i = 0; i <= steps; i++) _states[i] = new double[initial.Length];
        }

        /// <summary>The weighted sum over the leaves below <paramref name="prefix"/>, the prefix's weight included.</summary>
        public double Subtree(int[] prefix)
        {
            _initial.CopyTo(_states[0], 0);
            var weight = 1.0;
            for (var i = 0; i < prefix.Length; i++)
            {
                _states[i].CopyTo(_states[i + 1], 0);
                _step(_states[i + 1], prefix[i]);
                weight *= _data.Weights[prefix[i]];
            }
            return Walk(prefix.Length, weight);
        }

        private double Walk(int depth, double weight)
        {
            if (depth == _steps)
                return weight * Study.ObservableException.Finite(_observable.Evaluate(_states[depth]), _observable.Name, _where, null, _states[depth]);
            var sum = 0.0;
            for (var j = 0; j < _data.Count; j++)
            {
                if (_data.Weights[j] == 0) continue;
                _states[depth].CopyTo(_states[depth + 1], 0);
                _step(_states[depth + 1], j);
                sum += Walk(depth + 1, weight * _data.Weights[j]);
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
