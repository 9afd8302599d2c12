using FlowDsl.Benchmarks.Mnist;
using FlowDsl.Models;
using FlowDsl.Mnist;
using FlowDsl.Mnist.Training;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>Short, seeded SGD runs on the shipped digits: they learn, and the thread count does not change the result.</summary>
[Collection(MnistCollection.Name)]
public sealed class TrainingTests(MnistFixture mnist)
{
    private static readonly TrainingOptions Short = new() { Alpha = 2.0, Batch = 16, Steps = 1000, Seed = 5, Evaluations = 2 };

    [Fact]
    public void Generated_sgd_learns_far_above_chance() => Learns<MnistMlp>();

    [Fact]
    public void Same_seed_gives_identical_parameters_for_one_and_two_threads()
    {
        var options = Short with { Steps = 100, Batch = 32, Evaluations = 1 };
        var one = SgdTrainer.Train<MnistMlp>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, options with { Threads = 1 });
        var two = SgdTrainer.Train<MnistMlp>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, options with { Threads = 2 });
        var three = SgdTrainer.Train<MnistMlp>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, options with { Threads = 3 });
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.Parameters, three.Parameters);
        Assert.Equal(one.Final, two.Final with { Seconds = one.Final.Seconds });
    }

    [Fact]
    public void Divergence_is_reported_with_step_and_model()
    {
        // One NaN pixel per training image: the first step's gradient is NaN and so are the parameters.
        var poisoned = (double[])mnist.Data.Train.Clone();
        for (var i = 300; i < poisoned.Length; i += 794) poisoned[i] = double.NaN;
        var options = Short with { Steps = 20, Evaluations = 1 };
        var e = Assert.Throws<InvalidOperationException>(() =>
            SgdTrainer.Train<MnistMlp>(poisoned, mnist.Data.Test, MnistData.Classes, options));
        Assert.Contains("MnistMlp", e.Message);
        Assert.Contains("step 20", e.Message);
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(20, 2)] // chunks of 8, 8 and 4 summed on two threads
    public void Trainer_gives_the_bits_of_a_plain_sgd_loop(int batch, int threads)
    {
        // α = 1.3: multiplying by it rounds (α = 2 would be exact and hide a fused multiply-add in the update).
        var options = Short with { Alpha = 1.3, Steps = 30, Batch = batch, Threads = threads, Evaluations = 1 };
        var trained = SgdTrainer.Train<MnistMlpWide>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, options).Parameters;
        var reference = PlainSgd<MnistMlpWide>(mnist.Data.Train, options);
        for (var i = 0; i < reference.Length; i++)
            if (BitConverter.DoubleToInt64Bits(reference[i]) != BitConverter.DoubleToInt64Bits(trained[i]))
                Assert.Fail($"x[{i}]: trainer {trained[i]:R}, plain loop {reference[i]:R}");
    }

    [Fact]
    public void Stop_at_target_ends_at_the_first_evaluation_that_reaches_it()
    {
        var options = Short with { Steps = 2000, Evaluations = 40, TargetAccuracy = 0.6, StopAtTarget = true };
        var history = SgdTrainer.Train<MnistMlp>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, options);
        Assert.True(history.Final.TestAccuracy >= 0.6, $"final accuracy {history.Final.TestAccuracy}");
        Assert.All(history.Points.SkipLast(1), p => Assert.True(p.TestAccuracy < 0.6, $"step {p.Step}: {p.TestAccuracy} already reached the target"));
        Assert.True(history.Final.Step < options.Steps, $"ran all {history.Final.Step} steps");
        Assert.Equal(0, history.Final.Step % (options.Steps / options.Evaluations));
    }

    /// <summary>
    /// The SGD of math.md §9 written out plainly (the trainer's loop before gradients were accumulated in place): per
    /// step, B indices ⌊U·N⌋ from CounterRng(seed, 0, step, stream 100); per chunk of 8 samples in order, each gradient
    /// into a scratch vector added to the chunk's sum; g = Σ_c sum_c·(1/B) in chunk order; x ← x + (−α)·g.
    /// </summary>
    private static double[] PlainSgd<TModel>(double[] train, TrainingOptions options) where TModel : IRiskModel
    {
        var (d, length) = (TModel.Layout.ParameterCount, TModel.Layout.DataCount);
        var n = train.Length / length;
        var x = new double[d];
        ParameterInitializer.Initialize(TModel.Layout, options.Seed, x);
        var (g, scratch, chunkSum) = (new double[d], new double[d], new double[d]);
        var scale = 1.0 / options.Batch;
        for (var step = 0; step < options.Steps; step++)
        {
            var rng = new FlowDsl.Random.CounterRng(options.Seed, path: 0, step: (uint)step, stream: 100);
            var indices = Enumerable.Range(0, options.Batch).Select(_ => (int)(rng.NextUniform() * n)).ToArray();
            for (var chunk = 0; chunk * 8 < options.Batch; chunk++)
            {
                Array.Clear(chunkSum);
                foreach (var index in indices.Skip(chunk * 8).Take(8))
                {
                    TModel.Gradient(x, train.AsSpan(index * length, length), scratch);
                    for (var i = 0; i < d; i++) chunkSum[i] += scratch[i];
                }
                for (var i = 0; i < d; i++) g[i] = chunk == 0 ? chunkSum[i] * scale : chunkSum[i] * scale + g[i];
            }
            for (var i = 0; i < d; i++) x[i] += -options.Alpha * g[i];
        }
        return x;
    }

    private void Learns<TModel>() where TModel : IRiskModel, IAccumulatingGradient
    {
        var history = SgdTrainer.Train<TModel>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, Short);
        // Chance is 10 %; 16,000 samples (two passes) of SGD put this network near 90 %.
        Assert.True(history.Final.TestAccuracy > 0.75, $"{TModel.Name}: test accuracy {history.Final.TestAccuracy:P1} after {Short.Steps} steps");
        Assert.True(history.Final.TestRisk < history.Points[0].TrainRisk || history.Points.Count == 1);
        Assert.True(history.Final.TrainRisk < 0.2, $"train risk {history.Final.TrainRisk}");
    }
}
