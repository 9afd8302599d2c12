using FlowDsl.MeanField;

namespace FlowDsl.Tests.MeanField;

/// <summary>The budget split of the coupled estimator against brute force, and the batch rule.</summary>
public sealed class AdaptiveAllocationTests
{
    [Theory]
    [InlineData(4.0, 1.0, 0.01, 30.0, 0.001)]
    [InlineData(0.1, 2.0, 0.5, 10.0, 0.01)]
    public void OptimalSplitReachesTheTargetAtTheLeastCost(double va, double ca, double vb, double cb, double target)
    {
        var (a, b) = AdaptiveAllocation.Optimal(va, ca, vb, cb, target);
        Assert.Equal(target * target, va / a + vb / b, 1e-12 * target * target);
        var best = a * ca + b * cb;
        // Every other split on the constraint costs more.
        for (var share = 0.01; share < 0.99; share += 0.01)
        {
            var otherA = va / (share * target * target);
            var otherB = vb / ((1 - share) * target * target);
            Assert.True(otherA * ca + otherB * cb >= best * (1 - 1e-12));
        }
    }

    [Fact]
    public void NextGrowsInWholeBatchesWithinGrowthAndBudget()
    {
        Assert.Equal(100, AdaptiveAllocation.Next(100, 90, 8, 10_000, 50));
        Assert.Equal(350, AdaptiveAllocation.Next(100, 310, 8, 10_000, 50));
        Assert.Equal(800, AdaptiveAllocation.Next(100, 5_000, 8, 10_000, 50));
        Assert.Equal(600, AdaptiveAllocation.Next(100, 5_000, 8, 600, 50));
        Assert.Equal(600, AdaptiveAllocation.Next(600, 5_000, 8, 600, 50));
        Assert.Equal(double.PositiveInfinity, AdaptiveAllocation.FlowUnitsGiven(1, 10, 1, 0.1));
        Assert.Equal(1 / (0.04 - 0.01), AdaptiveAllocation.FlowUnitsGiven(1, 100, 1, 0.2), 1e-9);
    }
}
