using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowDsl.IntegrationTests.Package;

/// <summary>
/// A user's project with two invalid models: a <c>for</c> loop in a risk (FDSL0008), and a risk whose derivatives
/// exceed the project's <c>FlowDslNodeBudget</c> (FDSL0015; the option reaches the generator through the package's
/// build props). The build must fail with exactly these diagnostics at their places: no compiler error from
/// half-generated code, no generator crash.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class InvalidModelConsumerTests(PackedFlowDsl package)
{
    [Fact]
    public void Loop_in_the_risk_fails_the_build_with_FDSL0008_at_the_loop()
    {
        var (line, column) = Locate("LoopRisk.cs", "for (");
        AssertError($"LoopRisk.cs({line},{column}): error FDSL0008");
    }

    [Fact]
    public void Node_budget_set_in_the_project_file_reaches_the_generator_and_fails_with_FDSL0015_at_the_risk()
    {
        var (line, column) = Locate("OverBudget.cs", "R(");
        AssertError($"OverBudget.cs({line},{column}): error FDSL0015");
        Assert.Contains($"{PackedFlowDsl.NodeBudget}", ErrorLines("FDSL0015").First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_reports_only_the_model_diagnostics_and_no_crash()
    {
        Assert.True(package.InvalidBuild.ExitCode != 0, "The build of invalid models succeeded:\n" + package.InvalidBuild);
        // No broken generated code (CS…), no generator crash (CS8785 "generator failed", AD0001), no internal-error
        // diagnostic (FDSL0020), a working restore (NU…), and no warnings (FDSL0016 is the only FlowDsl warning).
        var errors = Regex.Matches(package.InvalidBuild.Output, @"(?:error|warning) (?<id>[A-Z]+\d+)")
            .Select(m => m.Groups["id"].Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["FDSL0008", "FDSL0015"], errors);
    }

    [Fact]
    public void Diagnostics_carry_help_links_into_the_readme()
    {
        Assert.True(File.Exists(package.Invalid.ErrorLog), "No SARIF log was written:\n" + package.InvalidBuild);
        using var sarif = JsonDocument.Parse(File.ReadAllText(package.Invalid.ErrorLog));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        foreach (var id in new[] { "FDSL0008", "FDSL0015" })
        {
            Assert.Contains(run.GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == id);
            var rule = rules.Single(r => r.GetProperty("id").GetString() == id);
            Assert.True(rule.TryGetProperty("helpUri", out var help), $"{id} has no help link: {rule}");
            Assert.Matches(@"README\.md#[a-z0-9-]+$", help.GetString());
        }
    }

    private void AssertError(string expected)
    {
        var build = package.InvalidBuild;
        Assert.True(build.ExitCode != 0, "The build of invalid models succeeded:\n" + build);
        Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"Expected '{expected}' in:\n{build}");
    }

    private IEnumerable<string> ErrorLines(string id) =>
        package.InvalidBuild.Output.Split('\n').Where(l => l.Contains($"error {id}:", StringComparison.Ordinal));

    /// <summary>1-based line and column of the first <paramref name="marker"/> in a consumer file, read from the file itself.</summary>
    private (int Line, int Column) Locate(string file, string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(package.Invalid.Directory, file));
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal) && !l.TrimStart().StartsWith("///", StringComparison.Ordinal));
        Assert.True(index >= 0, $"{file} has no '{marker}'");
        return (index + 1, lines[index].IndexOf(marker, StringComparison.Ordinal) + 1);
    }
}
