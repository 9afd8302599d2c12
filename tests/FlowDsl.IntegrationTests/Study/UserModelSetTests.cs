using System.Text.Json;
using Xunit.Abstractions;

namespace FlowDsl.IntegrationTests.Study;

/// <summary>The second built-in set of the main job (<c>--set user-models</c>) on a reduced configuration.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UserModelSetTests(ITestOutputHelper output)
{
    [Fact]
    public void TheTanhRegressionStudyReportsItsRuleCouplingAndVarianceReduction()
    {
        var folder = Path.Combine(Path.GetTempPath(), "flowdsl-user-models-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, _, error) = StudyProgramTests.Invoke("--set", "user-models", "--studies", "tanh-regression", "--paths", "100",
                "--ladder", "2", "4", "--no-solver-check", "--bootstrap", "0", "--threads", "2", "--quiet", "--no-plots", "--output", folder);
            // With 100 paths the verdicts may be inconclusive (exit 3); anything else is a failure.
            Assert.True(exit is 0 or 3, $"exit code {exit}: {error}");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tanh-regression.json")));
            var configuration = json.RootElement.GetProperty("configuration");
            var means = configuration.GetProperty("meanMethod").GetString()!;
            output.WriteLine(means);
            Assert.Contains("tensor Gauss rule Q", means);
            Assert.Contains("SGD and the models both see Q", means);
            Assert.True(configuration.GetProperty("meanErrorEstimate").GetDouble() > 0);
            Assert.Equal("Coupled", configuration.GetProperty("sgdSampling").GetString());
            Assert.Equal(100, configuration.GetProperty("paths").GetInt32());
            Assert.Contains("surrogate control variates", configuration.GetProperty("varianceReduction").GetString());
            foreach (var order in json.RootElement.GetProperty("orders").EnumerateArray())
                foreach (var level in order.GetProperty("levels").EnumerateArray())
                    Assert.True(level.GetProperty("varianceReduction").GetDouble() > 0);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AnUnknownSetIsRefusedWithAMessage()
    {
        var (exit, _, error) = StudyProgramTests.Invoke("--set", "mine");
        Assert.NotEqual(0, exit);
        Assert.Contains("mine", error);
    }
}
