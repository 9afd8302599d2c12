using FlowDsl.Study;
using FlowDsl.Tests.Simulation;

namespace FlowDsl.Tests.Study;

/// <summary>
/// Under a time budget the first batch starts with two probes and keeps only what fits (a d = 31 network on 400 CSV rows
/// used to spend 283 s on its first batch of 64 paths against a 60 s budget): the pieces give the numbers of one batch,
/// and a budget the first batch cannot fit cuts it and says so.
/// </summary>
public sealed class FirstBatchTimeBudgetTests
{
    private static WeakErrorStudy<CurvedModel> Study() => WeakErrorStudy.For<CurvedModel>()
        .StartingPoints([0.4, -0.3])
        .Observable(Observable.OnePoint("sin x₁ + x₁x₂²", x => Math.Sin(x[0]) + x[0] * x[1] * x[1]))
        .Ladder(1, 4, 8, 16).Paths(64).Antithetic().PathBudget(64).SolverCheck(true).Bootstrap(0).Seed(3).Threads(2);

    [Fact]
    public void TheProbesGiveTheNumbersOfOneBatch()
    {
        var whole = Study().Run();
        var probed = Study().TimeBudget(1e6).Run();
        Assert.Equal([64], whole.Configuration.Batches);
        Assert.Equal([2, 4, 64], probed.Configuration.Batches);
        foreach (var (a, b) in whole.Orders.Zip(probed.Orders))
        {
            Assert.Equal(a.Order, b.Order); // the verdicts' texts differ only in the seconds they quote
            Assert.Equal(a.StandardError, b.StandardError);
            foreach (var (x, y) in a.Levels.Zip(b.Levels))
            {
                Assert.Equal(x.Error, y.Error);
                Assert.Equal(x.StandardError, y.StandardError);
                Assert.Equal(x.SolverBias, y.SolverBias);
            }
        }
    }

    [Fact]
    public void AFirstBatchThatCannotFitIsCutAndSaysSo()
    {
        var result = Study().TimeBudget(1e-3).Run();
        Assert.Equal(4, result.Configuration.Paths);
        Assert.Contains("first batch cut from 64 to 4 paths to fit the time budget of 0 s", result.Configuration.BudgetOutcome);
        Assert.All(result.Orders, o => Assert.DoesNotContain("✗", o.Verdict));
    }
}
