using FlowDsl.Digits.Reading;
using FlowDsl.Mnist.Training;

namespace FlowDsl.Digits.Tests.Reading;

/// <summary>Without weights the demo trains its network with the project's SGD at start-up and shows the progress.</summary>
public sealed class TrainedNetworkTests
{
    [Fact]
    public void Training_at_start_up_prints_progress_and_learns()
    {
        var log = new StringWriter();
        var network = TrainedNetwork.LoadOrTrain(weights: null, new TrainingOptions { Steps = 300, Evaluations = 3, Seed = 2 }, log);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("training MnistMlpWide with SGD on 8000 digits: α = 2, B = 16, 300 steps, seed 2", lines[0]);
        Assert.Equal(3, lines.Count(l => l.TrimStart().StartsWith("step ", StringComparison.Ordinal)));
        Assert.Equal("trained at start-up (300 SGD steps, seed 2)", network.Source);
        // 4,800 samples of SGD (52 % measured with this seed): far above chance, 10 % ± 0.7 % on 2,000 digits.
        Assert.True(network.TestAccuracy > 0.3, $"test accuracy {network.TestAccuracy:P1}");
    }
}
