using FlowDsl.Study;

namespace FlowDsl.Tests.Study;

/// <summary>
/// The time prediction of <see cref="PathBudgetRun"/> with injected clocks (no timing): a total of n paths ends at
/// now + c·(n − used) + 2·c_model·check(n), where c is the measured seconds per path of the last batch (plus levels added
/// since) and c_model its share spent in the continuous models, the only work the h/2 solver check repeats (at twice the substeps).
/// The reachable total is the largest n whose end is within 90 % of the time budget, worked out by hand in each test.
/// </summary>
public sealed class PathBudgetTimePredictionTests
{
    private double _now, _model;

    /// <summary>A 100 s budget, no path cap, the check on all paths; a first batch of 10 paths took 10 s, 1 s of it in the models.</summary>
    private PathBudgetRun AfterFirstBatch(bool modelClock = true)
    {
        var run = new PathBudgetRun(10, maxPaths: null, seconds: 100, antithetic: false, checkPaths: n => n,
            modelClock: modelClock ? () => _model : null, clock: () => _now);
        (_now, _model) = (10, 1);
        run.Completed(10);
        return run;
    }

    [Fact]
    public void TheSolverCheckIsCostedAtTwiceTheModelSecondsPerPath()
    {
        var run = AfterFirstBatch();
        Assert.Equal((1.0, 0.1), run.CostPerPath);
        // 10 + 1·(n − 10) + 2·0.1·n ≤ 90  ⇔  1.2 n ≤ 90  ⇔  n ≤ 75.
        Assert.Equal(90, run.PredictedSeconds(75), 9);
        Assert.Equal(75, run.ReachablePaths());
    }

    [Fact]
    public void WithoutAModelClockTheCheckIsCostedAtTheWholeCostPerPath()
    {
        var run = AfterFirstBatch(modelClock: false);
        // 10 + (n − 10) + 2n ≤ 90  ⇔  n ≤ 30.
        Assert.Equal(30, run.ReachablePaths());
    }

    [Fact]
    public void SgdOnlyWorkAddedAfterABatchRaisesTheCostPerPathButNotTheChecks()
    {
        var run = AfterFirstBatch();
        _now += 20; // e.g. SGD re-run with replicas for the 10 paths used: 2 s more per path, no model time
        run.LevelsAdded("SGD replicas");
        Assert.Equal((3.0, 0.1), run.CostPerPath);
        // 30 + 3(n − 10) + 0.2 n ≤ 90  ⇔  3.2 n ≤ 90  ⇔  n ≤ 28.125.
        Assert.Equal(28, run.ReachablePaths());
    }

    [Fact]
    public void ALevelAddedWithModelWorkRaisesBothCosts()
    {
        var run = AfterFirstBatch();
        (_now, _model) = (15, 4); // a coarser level for the 10 paths used: 5 s, 3 s of it in the models
        run.LevelsAdded("ladder extended");
        Assert.Equal(1.5, run.CostPerPath.Path, 12);
        Assert.Equal(0.4, run.CostPerPath.Model, 12);
        // 15 + 1.5(n − 10) + 0.8 n ≤ 90  ⇔  2.3 n ≤ 90  ⇔  n ≤ 39.13.
        Assert.Equal(39, run.ReachablePaths());
    }

    [Fact]
    public void ADroppedLevelScalesBothCostsByTheShareLeft()
    {
        var run = AfterFirstBatch();
        run.LevelDropped("finest dropped", 0.5);
        Assert.Equal((0.5, 0.05), run.CostPerPath);
        // 10 + 0.5(n − 10) + 0.1 n ≤ 90  ⇔  0.6 n ≤ 85  ⇔  n ≤ 141.67.
        Assert.Equal(141, run.ReachablePaths());
    }

    [Fact]
    public void TheNextBatchIsMeasuredAfreshIncludingItsModelShare()
    {
        var run = AfterFirstBatch();
        (_now, _model) = (30, 11); // 10 more paths in 20 s, 10 s of it in the models
        run.Completed(10);
        Assert.Equal((2.0, 1.0), run.CostPerPath);
        // 30 + 2(n − 20) + 2n ≤ 90  ⇔  4n ≤ 100  ⇔  n ≤ 25.
        Assert.Equal(25, run.ReachablePaths());
    }
}
