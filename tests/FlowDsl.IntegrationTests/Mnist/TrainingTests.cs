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

    private void Learns<TModel>() where TModel : IRiskModel
    {
        var history = SgdTrainer.Train<TModel>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes, Short);
        // Chance is 10 %; 16,000 samples (two passes) of SGD put this network near 90 %.
        Assert.True(history.Final.TestAccuracy > 0.75, $"{TModel.Name}: test accuracy {history.Final.TestAccuracy:P1} after {Short.Steps} steps");
        Assert.True(history.Final.TestRisk < history.Points[0].TrainRisk || history.Points.Count == 1);
        Assert.True(history.Final.TrainRisk < 0.2, $"train risk {history.Final.TrainRisk}");
    }
}
