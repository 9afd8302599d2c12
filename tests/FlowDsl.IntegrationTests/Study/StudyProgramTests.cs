using Xunit.Abstractions;
using System.CommandLine;
using System.Text.Json;
using FlowDsl.Study.App;

namespace FlowDsl.IntegrationTests.Study;

/// <summary>The main job end to end on a reduced configuration, and its command line on bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StudyProgramTests(ITestOutputHelper output)
{
    internal static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineErrors.Invoke(CommandLine.Build(StudyRunner.Run), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ReducedRunWritesReportsWhoseOrdersMatchTheTheory()
    {
        var folder = Path.Combine(Path.GetTempPath(), "flowdsl-study-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, _, error) = Invoke("--studies", "ou", "two-point", "--paths", "2000",
                "--bootstrap", "50", "--threads", "2", "--quiet", "--output", folder);
            Assert.True(exit == 0, $"exit code {exit}: {error}");
            foreach (var file in new[] { "study.json", "ou.csv", "ou.json", "ou.txt", "ou.png", "ou.svg", "two-point.png", "two-point.json" })
                Assert.True(File.Exists(Path.Combine(folder, file)), $"missing {file}");

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "study.json")));
            Assert.True(json.RootElement.GetProperty("allPass").GetBoolean());
            var seen = new HashSet<string>();
            foreach (var study in json.RootElement.GetProperty("studies").EnumerateArray())
            {
                var key = study.GetProperty("key").GetString()!;
                foreach (var order in study.GetProperty("result").GetProperty("orders").EnumerateArray())
                {
                    var model = order.GetProperty("model").GetString()!;
                    var p = order.GetProperty("order").GetDouble();
                    var se = order.GetProperty("standardError").GetDouble();
                    // Theory (math.md §2–3): SME-1 order 1, SME-2/SMF-2 order 2; for the two-point statistic SME copies are order 1.
                    var expected = model.StartsWith("SME-1", StringComparison.Ordinal) || (key == "two-point" && model.StartsWith("SME", StringComparison.Ordinal)) ? 1 : 2;
                    Assert.Equal(expected, order.GetProperty("expectedOrder").GetInt32());
                    output.WriteLine($"{key,-10} {model,-16} p̂ = {p:F3} ± {se:F3} (theory {expected})");
                    Assert.True(Math.Abs(p - expected) <= Math.Max(3 * se, 0.3), $"{key} {model}: p̂ = {p} ± {se}, expected {expected}");
                    seen.Add($"{key}/{model}");
                }
            }
            Assert.Contains("ou/SMF-2", seen);
            Assert.Contains("two-point/SME-2", seen);
            Assert.Contains("two-point/SMF-2", seen);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--paths", "-5")]
    [InlineData("--paths", "many")]
    [InlineData("--studies", "nonsense")]
    [InlineData("--ladder", "8", "12")]
    [InlineData("--ladder", "8")]
    [InlineData("--horizon", "0")]
    [InlineData("--threads", "0")]
    [InlineData("--scheme", "RungeKutta")]
    [InlineData("--no-such-option")]
    public void BadArgumentsExitNonZeroWithAMessage(params string[] args)
    {
        var (exit, _, error) = Invoke(args);
        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error), "no error message");
        output.WriteLine(error);
    }

    [Fact]
    public void HelpDescribesEveryOption()
    {
        var (exit, text, _) = Invoke("--help");
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--studies", "--ladder", "--horizon", "--paths", "--scheme", "--substeps", "--seed", "--threads", "--output" })
            Assert.Contains(option, text);
    }
}
