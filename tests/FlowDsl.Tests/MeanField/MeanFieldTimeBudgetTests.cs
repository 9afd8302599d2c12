using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The coupled mean-field study under a time budget (a sigmoid unit on 1,024 atoms ran 262 s against a 60 s budget, all
/// of it in the pilot): the pilot runs in pieces whose numbers are those of one pilot, and a budget the pilot cannot fit
/// cuts it, says so, and gives the numbers of a run asked for that many paths.
/// </summary>
public sealed class MeanFieldTimeBudgetTests(ITestOutputHelper output)
{
    // 4⁸ sequences at α = 1/8 exceed the limit 2¹⁰: coupled Monte Carlo. A pilot of 64 paths, 512 SGD paths.
    private static MeanFieldOrderStudy<TanhUnitByHand> Study() =>
        new MeanFieldOrderStudy<TanhUnitByHand>(MeanFieldTestData.TanhAtoms(), MeanFieldTestData.TanhParticles(3))
            .Observable(MeasureObservable.Mean(2, 0))
            .Observable(MeasureObservable.Integral("⟨sin x₂⟩", 2, x => Math.Sin(x[1])))
            .Ladder(1.0, 2, 4, 8).Seed(5).Bootstrap(0).Threads(2).EnumerationLimit(1L << 10);

    [Fact]
    public void TheDefaultTimeBudgetIsSixtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), MeanFieldOrderStudy<TanhUnitByHand>.DefaultTimeBudget);
        var result = Study().Paths(64).PathBudget(64, 512).Run();
        Assert.Equal(60, result.Configuration.TimeBudgetSeconds);
        Assert.Null(Study().Paths(64).PathBudget(64, 512).TimeBudget(Timeout.InfiniteTimeSpan).Run().Configuration.TimeBudgetSeconds);
    }

    [Fact]
    public void ThePilotsPiecesGiveTheNumbersOfOnePilot()
    {
        var whole = Study().Paths(64).PathBudget(256, 4_096).TimeBudget(Timeout.InfiniteTimeSpan).Run();
        var pieces = Study().Paths(64).PathBudget(256, 4_096).TimeBudget(TimeSpan.FromHours(1)).Run();
        Assert.Equal("", pieces.Configuration.BudgetOutcome);
        AssertSameNumbers(whole, pieces);
    }

    [Fact]
    public void APilotThatCannotFitIsCutSaysSoAndEqualsARunWithThatManyPaths()
    {
        var cut = Study().Paths(64).TimeBudget(TimeSpan.FromMilliseconds(1)).Run();
        output.WriteLine(cut.Configuration.BudgetOutcome);
        // The pilot keeps its two pieces: 1 + 8 antithetic pairs, 18 model paths and 8 × 18 SGD paths per level.
        Assert.Contains("first batch cut from 64 to 18 paths to fit the time budget of 0 s", cut.Configuration.BudgetOutcome);
        Assert.Contains("the time budget of 0 s is spent", cut.Configuration.BudgetOutcome);
        Assert.Equal(18, cut.Configuration.Paths);
        Assert.All(cut.Orders.SelectMany(o => o.Levels), l =>
        {
            Assert.Equal(18, l.Effort!.ModelPaths);
            Assert.Equal(144, l.Effort.SgdPaths);
        });
        Assert.All(cut.Orders.Where(o => o.Levels.Any(l => !l.UsedInFit)), o => Assert.Contains("time budget spent", o.Verdict));
        var asked = Study().Paths(18).PathBudget(18, 144).TimeBudget(Timeout.InfiniteTimeSpan).Run();
        AssertSameNumbers(asked, cut);
    }

    /// <summary>Two runs' orders, SEs and every level's error, SE, solver bias and paths are equal (bit for bit).</summary>
    internal static void AssertSameNumbers(WeakErrorResult a, WeakErrorResult b)
    {
        Assert.Equal(a.Orders.Count, b.Orders.Count);
        foreach (var (x, y) in a.Orders.Zip(b.Orders))
        {
            Assert.Equal(x.Order, y.Order);
            Assert.Equal(x.StandardError, y.StandardError);
            foreach (var (p, q) in x.Levels.Zip(y.Levels))
            {
                Assert.Equal(p.Error, q.Error);
                Assert.Equal(p.StandardError, q.StandardError);
                Assert.Equal(p.SolverBias, q.SolverBias);
                Assert.Equal(p.Effort!.SgdPaths, q.Effort!.SgdPaths);
                Assert.Equal(p.Effort.ModelPaths, q.Effort.ModelPaths);
            }
        }
    }
}
