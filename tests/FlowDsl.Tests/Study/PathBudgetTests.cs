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
        // The options that would resolve it, for the API and the command line, with the paths of the third-cheapest level (a verdict needs three).
        var enough = order.Levels.Select(l => l.PathsToResolve ?? 0).Where(n => n < long.MaxValue).Order().ElementAt(2);
        Assert.Contains($".PathBudget({enough})", order.Verdict);
        Assert.Contains($".Paths({enough})", order.Verdict);
        Assert.Contains($"--budget-paths {enough}", order.Verdict);
        Assert.Contains(".Ladder(", order.Verdict);
    }

    [Fact]
    public void TheLadderRuleAddsCoarserLevelsWhenTooFewAreWithinReachAndARerunWithTheReportedLadderReproducesIt()
    {
        var budgeted = Study().Paths(100).PathBudget(300).Run();
        var configuration = budgeted.Configuration;
        output.WriteLine($"{configuration.BudgetOutcome}; ladder {string.Join(", ", configuration.Alphas)}");
        // Nothing resolves with 300 paths: the rule adds α = 1/4 and 1/2 (twice the coarsest, at most two levels); it may
        // then drop finest levels that no fit can reach, but keeps at least three.
        Assert.Equal([0.5, 0.25, 1.0 / 8], configuration.Alphas.Take(3));
        Assert.True(configuration.Alphas.Count >= 3);
        Assert.Contains("ladder extended by α = 1/4", configuration.BudgetOutcome);
        Assert.Contains("ladder extended by α = 1/2", configuration.BudgetOutcome);
        var steps = configuration.Alphas.Select(a => (int)Math.Round(1 / a)).ToArray();
        var fixedRun = Study().Ladder(1, steps).BrownianGrid(configuration.BrownianGridSteps).SgdReplicas(configuration.SgdReplicas)
            .Paths(configuration.Paths).Run();
        var a = budgeted.Order("SME-2", "|x|²").Levels;
        var b = fixedRun.Order("SME-2", "|x|²").Levels;
        Assert.Equal(a.Count, b.Count);
        for (var j = 0; j < a.Count; j++)
        {
            Assert.Equal(a[j].Error, b[j].Error);
            Assert.Equal(a[j].StandardError, b[j].StandardError);
        }
    }

    [Fact]
    public void SgdReplicasKeepTheEstimateAndShrinkTheSgdShareOfItsError()
    {
        // Linear regression with Gaussian data: G is quadratic in θ, so the Brownian coupling barely correlates SGD with the
        // model and SGD's own variance is most of Var(ê); averaging R runs per path divides that share by about R.
        var one = Study().Paths(1_000).Run();
        var eight = Study().SgdReplicas(8).Paths(1_000).Run();
        Assert.Equal(1, one.Configuration.SgdReplicas);
        Assert.Equal(8, eight.Configuration.SgdReplicas);
        Assert.Contains("averaged over 8 runs", eight.Configuration.VarianceReduction);
        var a = one.Order("SME-2", "|x|²").Levels;
        var b = eight.Order("SME-2", "|x|²").Levels;
        for (var j = 0; j < a.Count; j++)
        {
            output.WriteLine($"α = {a[j].Alpha}: ê = {a[j].Error:E3} ± {a[j].StandardError:E1} → {b[j].Error:E3} ± {b[j].StandardError:E1}");
            // The model paths are the same; the SGD means differ by runs 1..7, within the SE of the single-run estimate.
            Assert.Equal(a[j].ModelExpectation, b[j].ModelExpectation);
            Assert.True(Math.Abs(a[j].Error - b[j].Error) <= 4.5 * a[j].StandardError, $"α = {a[j].Alpha}: {a[j].Error} vs {b[j].Error} ± {a[j].StandardError}");
            Assert.True(b[j].StandardError < 0.9 * a[j].StandardError, $"α = {a[j].Alpha}: SE {b[j].StandardError} vs {a[j].StandardError}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Study().SgdReplicas(0).Paths(100).Run());
    }

    [Fact]
    public void WithoutTheLadderRuleTheLadderStaysAsGiven()
    {
        var configuration = Study().AdaptiveLadder(false).Paths(100).PathBudget(300).Run().Configuration;
        Assert.Equal([1.0 / 8, 1.0 / 16, 1.0 / 32], configuration.Alphas);
        Assert.DoesNotContain("ladder", configuration.BudgetOutcome);
    }

    [Fact]
    public void ABrownianGridThatTheFinestLevelDoesNotDivideIsRefusedInOneLine()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Study().BrownianGrid(100).Paths(100).Run());
        Assert.Contains("multiple of N·K", error.Message);
    }

    [Fact]
    public void ABudgetedRunEqualsAFixedRunWithThePathsItUsed()
    {
        var budgeted = Study().AdaptiveLadder(false).Paths(100).PathBudget(300).Run();
        var fixedRun = Study().SgdReplicas(budgeted.Configuration.SgdReplicas).Paths(budgeted.Configuration.Paths).Run();
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
