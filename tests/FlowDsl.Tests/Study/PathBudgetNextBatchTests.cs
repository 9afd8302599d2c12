using FlowDsl.Study;

namespace FlowDsl.Tests.Study;

/// <summary>
/// <see cref="PathBudgetRun.NextBatch"/> aims for what a verdict needs (three resolved levels, <see cref="AsymptoticWindow.MinimumLevels"/>):
/// a fit short of three with its open levels out of reach still asks for its closest level.
/// </summary>
public sealed class PathBudgetNextBatchTests
{
    /// <summary>A path budget of 1,000 after a first batch of 100: reach is ×10 (with the 1.1 margin, a factor ≤ 9.09).</summary>
    private static PathBudgetRun AfterFirstBatch()
    {
        var run = new PathBudgetRun(100, maxPaths: 1_000, seconds: null, antithetic: true, checkPaths: _ => 0);
        run.Completed(100);
        return run;
    }

    [Fact]
    public void AFitWithTwoResolvedLevelsAndTheRestOutOfReachAsksForItsClosestLevel()
    {
        // Two levels resolved (factor ≤ 1), two need ×12 and ×40: out of reach, but a verdict needs a third level.
        var size = AfterFirstBatch().NextBatch([[0.5, 0.8, 12, 40]]);
        Assert.Equal(300, size); // ×4 growth (1.2·12 clamped to 4): 300 more paths, within the budget
    }

    [Fact]
    public void AFitWithThreeResolvedLevelsAndTheRestOutOfReachIsSettled()
    {
        var run = AfterFirstBatch();
        Assert.Equal(0, run.NextBatch([[0.5, 0.8, 0.9, 40]]));
        Assert.Contains("1 level out of reach of the budget left unresolved", run.Outcome);
    }

    [Fact]
    public void AReachableOpenLevelSizesTheBatch()
    {
        Assert.Equal(100, AfterFirstBatch().NextBatch([[0.5, 1.5, 12, 40]])); // 1.2·1.5 clamped to ×2: 100 more paths
    }
}
