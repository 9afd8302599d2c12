namespace FlowDsl.Mnist.Training;

/// <summary>
/// Accuracy and mean risk of a quadratic-loss classifier, computed with the model's own (generated) risk kernel.
/// </summary>
/// <remarks>
/// With a one-hot target e_c, R(x,(image,e_c)) = ½|out|² − out_c + ½, so the predicted class argmax_c out_c is
/// argmin_c R(x,(image,e_c)): ten risk evaluations per image give the prediction without any extra forward code,
/// and the one with the true label is the test risk.
/// </remarks>
public static class Classifier
{
    /// <summary>Test accuracy and mean risk over all samples (θ = image then one-hot label of <paramref name="classes"/>).</summary>
    public static (double Accuracy, double MeanRisk) Evaluate<TModel>(double[] x, double[] samples, int classes, int threads)
        where TModel : IRiskModel
    {
        var length = TModel.Layout.DataCount;
        var count = samples.Length / length;
        var correct = new bool[count];
        var risk = new double[count];
        if (threads == 1)
        {
            // One thread: no thread-pool round trip (the time-to-accuracy runs evaluate on the training thread).
            var θ = new double[length];
            for (var i = 0; i < count; i++) Classify<TModel>(x, samples, classes, i, θ, correct, risk);
        }
        else
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new double[length], (i, _, θ) =>
            {
                Classify<TModel>(x, samples, classes, i, θ, correct, risk);
                return θ;
            }, _ => { });
        }
        return (correct.Count(c => c) / (double)count, risk.Sum() / count);
    }

    /// <summary>Sample <paramref name="i"/>: correct[i] (argmin over the one-hot labels is the true one) and its risk.</summary>
    private static void Classify<TModel>(double[] x, double[] samples, int classes, int i, double[] θ, bool[] correct, double[] risk)
        where TModel : IRiskModel
    {
        samples.AsSpan(i * θ.Length, θ.Length).CopyTo(θ);
        var oneHot = θ.AsSpan(θ.Length - classes);
        var label = oneHot.IndexOf(1.0);
        var (best, bestRisk) = (-1, double.PositiveInfinity);
        for (var c = 0; c < classes; c++)
        {
            oneHot.Clear();
            oneHot[c] = 1.0;
            var r = TModel.Risk(x, θ);
            if (c == label) risk[i] = r;
            if (r < bestRisk) (best, bestRisk) = (c, r);
        }
        correct[i] = best == label;
    }
}
