using System.Globalization;
using FlowDsl.Models;
using FlowDsl.Simulation;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Study;

/// <summary>The adaptive path budget (issue 12): deterministic batches, reproducible by path count, and advice when inconclusive.</summary>
public sealed class PathBudgetTests(ITestOutputHelper output)
{
    /// <summary>Linear regression without model-side control variates: SGD's noise (quadratic in θ) is barely coupled, so few paths resolve nothing.</summary>
    private static WeakErrorStudy<LinearRegression> Study(bool surrogate = false) =>
        WeakErrorStudy.For<LinearRegression>()
            .SurrogateControlVariates(surrogate)
            .StartingPoints([1.0, 1.0])
            .Observable("|x|²", x => x[0] * x[0] + x[1] * x[1])
            .Models(ContinuousModel.Sme2)
            .Ladder(1, 8, 16, 32)
            .SolverCheck(false)
            .Bootstrap(0)
            .Threads(2);

    [Fact]
    public void ATinyBudgetGivesAnInconclusiveVerdictThatNamesThePathsThatWouldResolveEachLevel()
    {
        var result = Study().Paths(100).PathBudget(300).Run();
        var order = result.Order("SME-2", "|x|²");
        output.WriteLine(order.Verdict);
        Assert.False(order.Pass);
        Assert.Contains("inconclusive", order.Verdict);
        Assert.True(result.Configuration.Paths is > 100 and <= 300, $"paths used: {result.Configuration.Paths}");
        Assert.Equal(result.Configuration.Paths, result.Configuration.Batches[^1]);
        var unresolved = order.Levels.Where(l => !l.UsedInFit).ToList();
        Assert.NotEmpty(unresolved);
        foreach (var level in unresolved)
        {
            // (5·SE/|ê|)² × paths, the count at which |ê|/SE would reach 5 (SE ∝ 1/√n), with a 10% margin.
            var factor = Math.Pow(5 * level.StandardError / Math.Abs(level.Error), 2);
            var expected = (long)Math.Ceiling(factor * result.Configuration.Paths * 1.1);
            Assert.Equal(expected, level.PathsToResolve);
            Assert.Contains($"α = 1/{Math.Round(1 / level.Alpha)}: ≈ {expected.ToString("N0", CultureInfo.CurrentCulture)} paths", order.Verdict);
        }
        Assert.Contains("--budget-paths", order.Verdict);
    }

    [Fact]
    public void ABudgetedRunEqualsAFixedRunWithThePathsItUsed()
    {
        var budgeted = Study().Paths(100).PathBudget(300).Run();
        var fixedRun = Study().Paths(budgeted.Configuration.Paths).Run();
        var a = budgeted.Order("SME-2", "|x|²").Levels;
        var b = fixedRun.Order("SME-2", "|x|²").Levels;
        for (var j = 0; j < a.Count; j++)
        {
            Assert.Equal(a[j].Error, b[j].Error);
            Assert.Equal(a[j].StandardError, b[j].StandardError);
        }
    }

    [Fact]
    public void SurrogateControlVariatesKeepTheEstimateAndShrinkItsError()
    {
        var plain = Study().Paths(1_000).Run().Order("SME-2", "|x|²").Levels;
        var controlled = Study(surrogate: true).Paths(1_000).Run().Order("SME-2", "|x|²").Levels;
        for (var j = 0; j < plain.Count; j++)
        {
            var (a, b) = (plain[j], controlled[j]);
            output.WriteLine($"α = {a.Alpha}: ê = {a.Error:E3} ± {a.StandardError:E1} (reduction {a.VarianceReduction:F1}) → {b.Error:E3} ± {b.StandardError:E1} (reduction {b.VarianceReduction:F1})");
            // Both estimate the same ê (same paths: the difference is the control's zero-mean term, within the plain SE).
            Assert.True(Math.Abs(a.Error - b.Error) <= 4.5 * a.StandardError, $"α = {a.Alpha}: {a.Error} vs {b.Error} ± {a.StandardError}");
            Assert.True(b.StandardError < a.StandardError, $"α = {a.Alpha}: SE {b.StandardError} not below {a.StandardError}");
            Assert.True(b.VarianceReduction > a.VarianceReduction);
        }
    }
}
