using FlowDsl.IntegrationTests.Study;
using FlowDsl.Models;
using FlowDsl.Simulation;
using FlowDsl.Study;
using FlowDsl.Study.App;
using Spectre.Console;

namespace FlowDsl.IntegrationTests.BadInput;

/// <summary>
/// The study's output when T ≠ 1 (α = T/N is printed as T/N, not as 1/N) and on a rerun into the same folder (the files
/// of the earlier run's studies are removed, the user's own files are not).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StudyOutputTests
{
    [Fact]
    public void Alpha_is_labelled_T_over_N_and_a_rerun_removes_the_stale_reports_only()
    {
        var folder = Path.Combine(Path.GetTempPath(), "flowdsl-rerun-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] quick = ["-T", "2", "--ladder", "3", "6", "--paths", "200", "--bootstrap", "0", "--no-solver-check", "-q", "-o", folder];
            var (exit, _, error) = StudyProgramTests.Invoke(["-s", "ou", "two-point", .. quick]);
            Assert.True(exit is 0 or 3, $"exit {exit}: {error}");
            // α = T/N = 2/3 and 1/3: the text report and the plot's tick labels (SVG text).
            foreach (var file in new[] { "ou.txt", "ou.svg" })
            {
                var text = File.ReadAllText(Path.Combine(folder, file));
                Assert.Contains("2/3", text);
                Assert.Contains("1/3", text);
                Assert.DoesNotContain("1/6", text);
            }
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

            (exit, _, error) = StudyProgramTests.Invoke(["-s", "ou", .. quick]);
            Assert.True(exit is 0 or 3, $"exit {exit}: {error}");
            var files = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToArray();
            Assert.Equal(new[] { "notes.txt", "ou.csv", "ou.json", "ou.png", "ou.svg", "ou.txt", "study.json" }, files);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_console_table_labels_alpha_as_T_over_N()
    {
        var result = WeakErrorStudy.For<Quadratic>().StartingPoints([1.0, 0.5, -0.5])
            .Observable(Observable.Quadratic("|x|²", FlowDsl.Exact.QuadraticFunction.SquaredDistance(new double[3])))
            .Models(ContinuousModel.Sme1).Ladder(2, 3, 6).Paths(100).Bootstrap(0).SolverCheck(false).Run();
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No });
        console.Profile.Width = 200;
        ConsoleReport.Print(console, BuiltInStudies.All[0], result);
        var table = writer.ToString();
        Assert.Contains("│ 2/3 ", table);
        Assert.Contains("│ 1/3 ", table);
        Assert.Equal("2/3", FlowDsl.Reports.AlphaLabel.Format(2.0 / 3));
        Assert.Equal("3/80", FlowDsl.Reports.AlphaLabel.Format(0.3 / 8));
        Assert.Equal("1/64", FlowDsl.Reports.AlphaLabel.Format(1.0 / 64));
        Assert.Equal("1/10", FlowDsl.Reports.AlphaLabel.Format(0.1));
        Assert.Equal("0.123457", FlowDsl.Reports.AlphaLabel.Format(0.123456789123));
    }
}
