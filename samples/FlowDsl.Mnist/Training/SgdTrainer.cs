using System.Diagnostics;
using FlowDsl.Random;

namespace FlowDsl.Mnist.Training;

/// <summary>
/// Minibatch SGD on a classification model, as in the talk (math.md §9): x ← x − α·(1/B)Σ_b ∇ₓR(x, θ_{i_b}), with
/// the indices i_b drawn i.i.d. uniformly with replacement from the training set (or, with
/// <see cref="TrainingOptions.Epochs"/>, a fresh shuffle per epoch). Same seed ⇒ same result for any thread count.
/// </summary>
public static class SgdTrainer
{
    /// <summary>CounterRng stream of the data draws (stream k &lt; 16 is used by the initialisation of block k).</summary>
    private const uint DataStream = 100;

    /// <summary>Trains from the §9 initialisation; <paramref name="progress"/> is called at every evaluation point.</summary>
    /// <exception cref="InvalidOperationException">The parameters became NaN/∞; the message names the step and the model.</exception>
    public static TrainingHistory Train<TModel>(double[] train, double[] test, int classes, TrainingOptions options, Action<TrainingPoint>? progress = null)
        where TModel : IRiskModel, IAccumulatingGradient
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var x = new double[TModel.Layout.ParameterCount];
        ParameterInitializer.Initialize(TModel.Layout, options.Seed, x);
        var minibatch = new MinibatchGradient<TModel>(train, options.Batch, options.Threads);
        var n = minibatch.SampleCount;
        var steps = options.Epochs is { } epochs ? (int)((long)epochs * n / options.Batch) : options.Steps;
        var schedule = new IndexSchedule(n, options.Batch, options.Seed, options.Epochs is not null);

        var indices = new int[options.Batch];
        var points = new List<TrainingPoint>();
        var clock = new Stopwatch();
        var (riskSum, riskCount) = (0.0, 0);
        var nextEvaluation = 1;
        for (var step = 0; step < steps; step++)
        {
            clock.Start();
            schedule.Fill(step, indices);
            riskSum += minibatch.Descend(x, indices, options.Alpha);
            riskCount++;
            clock.Stop();

            var done = step + 1;
            if (done * (long)options.Evaluations < nextEvaluation * (long)steps && done != steps) continue;
            nextEvaluation++;
            var bad = Array.FindIndex(x, v => !double.IsFinite(v));
            if (bad >= 0 || !double.IsFinite(riskSum))
                throw new InvalidOperationException(
                    $"{TModel.Name}: NaN/∞ in the parameters (first at index {bad}) or the risk by step {done} (α = {options.Alpha}, B = {options.Batch}): lower α or check the data.");
            var (accuracy, testRisk) = Classifier.Evaluate<TModel>(x, test, classes, options.Threads);
            var point = new TrainingPoint(done, clock.Elapsed.TotalSeconds, riskSum / riskCount, testRisk, accuracy);
            points.Add(point);
            progress?.Invoke(point);
            (riskSum, riskCount) = (0.0, 0);
            if (options.StopAtTarget && accuracy >= options.TargetAccuracy) break;
        }
        return new TrainingHistory(x, points);
    }

    /// <summary>Which samples step i uses: i.i.d. uniform draws keyed by (seed, step), or a per-epoch shuffle.</summary>
    private sealed class IndexSchedule(int n, int batch, ulong seed, bool epochs)
    {
        private readonly int[] _permutation = Enumerable.Range(0, n).ToArray();
        private int _epoch = -1;

        public void Fill(int step, int[] indices)
        {
            if (!epochs)
            {
                var rng = new CounterRng(seed, path: 0, step: (uint)step, stream: DataStream);
                for (var b = 0; b < indices.Length; b++) indices[b] = (int)(rng.NextUniform() * n);
                return;
            }
            var position = (long)step * batch;
            for (var b = 0; b < indices.Length; b++, position++)
            {
                var epoch = (int)(position / n);
                if (epoch != _epoch) Shuffle(epoch);
                indices[b] = _permutation[position % n];
            }
        }

        /// <summary>Fisher–Yates shuffle of 0..n−1 keyed by (seed, epoch).</summary>
        private void Shuffle(int epoch)
        {
            _epoch = epoch;
            for (var i = 0; i < n; i++) _permutation[i] = i;
            var rng = new CounterRng(seed, path: 1, step: (uint)epoch, stream: DataStream);
            for (var i = n - 1; i > 0; i--)
            {
                var j = (int)(rng.NextUniform() * (i + 1));
                (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
            }
        }
    }
}
