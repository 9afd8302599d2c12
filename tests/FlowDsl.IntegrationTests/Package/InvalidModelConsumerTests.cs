using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowDsl.IntegrationTests.Package;

/// <summary>
/// A user's project whose model has a <c>for</c> loop in its risk: the build must fail with the FlowDsl diagnostic at
/// the loop, and with nothing else: no compiler error from half-generated code, no generator crash.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class InvalidModelConsumerTests(PackedFlowDsl package)
{
    private const string LoopDiagnostic = "FDSL0008";

    [Fact]
    public void Loop_in_the_risk_fails_the_build_with_the_FlowDsl_diagnostic_at_the_loop()
    {
        var build = package.InvalidBuild;
        Assert.True(build.ExitCode != 0, "The build of a model with a loop succeeded:\n" + build);

        var (line, column) = LoopLocation();
        var expected = $"LoopRisk.cs({line},{column}): error {LoopDiagnostic}";
        Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"Expected '{expected}' in:\n{build}");
        // Only the model's diagnostics: the generator emitted no broken code, did not crash (CS8785, AD0001),
        // did not fall back to its internal-error diagnostic (FDSL0020), and the restore worked (no NU errors).
        Assert.DoesNotMatch(new Regex(@"error (CS|AD|NU|MSB)\d+"), build.Output);
        Assert.DoesNotContain("FDSL0020", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostic_carries_a_help_link_into_the_readme()
    {
        Assert.True(File.Exists(package.Invalid.ErrorLog), "No SARIF log was written:\n" + package.InvalidBuild);
        using var sarif = JsonDocument.Parse(File.ReadAllText(package.Invalid.ErrorLog));
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Contains(run.GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == LoopDiagnostic);

        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == LoopDiagnostic);
        Assert.True(rule.TryGetProperty("helpUri", out var help), $"{LoopDiagnostic} has no help link: {rule}");
        Assert.Matches(@"README\.md#[a-z0-9-]+$", help.GetString());
    }

    /// <summary>1-based line and column of the <c>for</c> keyword in the consumer's LoopRisk.cs, read from the file itself.</summary>
    private (int Line, int Column) LoopLocation()
    {
        var lines = File.ReadAllLines(Path.Combine(package.Invalid.Directory, "LoopRisk.cs"));
        var index = Array.FindIndex(lines, l => l.TrimStart().StartsWith("for (", StringComparison.Ordinal));
        Assert.True(index >= 0, "LoopRisk.cs has no for loop");
        return (index + 1, lines[index].IndexOf("for (", StringComparison.Ordinal) + 1);
    }
}
