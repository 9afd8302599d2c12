using FlowDsl.Models;
using FlowDsl.Network;
using FlowDsl.Study;

namespace FlowDsl.Tests.Network;

/// <summary>Up-front refusals: a configuration that cannot fit is refused before it runs, with the estimate and an option that fits.</summary>
public class NetworkBudgetTests
{
    internal static double[] MnistRows(int count)
    {
        var length = MnistMlp.Layout.DataCount;
        var rows = new double[count * length];
        for (var j = 0; j < count; j++)
        {
            for (var i = 0; i < 784; i++) rows[j * length + i] = ((j * 31 + i * 7) % 256) / 255.0;
            rows[j * length + 784 + j % 10] = 1;
        }
        return rows;
    }

    internal static double[] MnistPoint()
    {
        var x = new double[MnistMlp.Layout.ParameterCount];
        for (var i = 0; i < x.Length; i++) x[i] = 0.05 * Math.Sin(0.37 * i);
        return x;
    }

    private static NetworkFlowStudy<MnistMlp> Study() => NetworkFlowStudy.For<MnistMlp>()
        .Data(MnistRows(8)).StartingPoints(MnistPoint())
        .Observable(Observable.OnePoint("first output weight", x => x[^1]))
        .Ladder(0.5, 2, 4).Paths(64);

    [Fact]
    public void TooManyWorkersForTheMemoryLimitAreRefusedWithTheThreadCountThatFits()
    {
        var study = Study().Threads(64).MemoryLimit(400L << 20);
        var e = Assert.Throws<NetworkBudgetException>(() => study.Run());
        Assert.StartsWith("Refused before starting: the run needs ≈ ", e.Message);
        Assert.Contains("more than the limit 400.0 MiB", e.Message);
        Assert.False(e.Estimate.FitsMemory);
        var fit = e.Estimate.WorkersThatFit;
        Assert.InRange(fit, 1, 63);
        Assert.Contains($"use .Threads({fit})", e.Message);
        Assert.True(Study().Threads(fit).MemoryLimit(400L << 20).Estimate().FitsMemory);
        Assert.False(Study().Threads(fit + 1).MemoryLimit(400L << 20).Estimate().FitsMemory);
    }

    [Fact]
    public void AWorkerThatCannotFitAtAllIsRefusedWithoutAThreadSuggestion()
    {
        var e = Assert.Throws<NetworkBudgetException>(() => Study().Threads(1).MemoryLimit(200L << 20).Run());
        Assert.Contains("even one worker", e.Message);
        Assert.Equal(0, e.Estimate.WorkersThatFit);
    }

    [Fact]
    public void ARunOverTheTimeLimitIsRefusedWithThePathsThatFit()
    {
        var study = Study().Threads(1).Paths(100_000).TimeLimit(TimeSpan.FromSeconds(1));
        var e = Assert.Throws<NetworkBudgetException>(() => study.Run());
        Assert.Contains("wall", e.Message);
        Assert.Contains("more than the limit 1.0 s", e.Message);
        var estimate = e.Estimate;
        Assert.False(estimate.FitsTime);
        // Time is linear in the paths: the suggestion scales the estimate down to the limit.
        Assert.Equal((int)Math.Floor(100_000 * 1.0 / estimate.WallSeconds), estimate.PathsThatFit);
        Assert.Contains(estimate.PathsThatFit >= 2 ? $"use .Paths({estimate.PathsThatFit})" : "even 2 paths do not fit", e.Message);
    }

    [Fact]
    public void TheEstimateCountsOnlyVectorsOfLengthD()
    {
        var estimate = Study().Threads(2).Estimate();
        Assert.Equal(MnistMlp.Layout.ParameterCount, estimate.Dimension);
        Assert.Equal(8, estimate.Atoms);
        Assert.True(estimate.WorkerBytes < 64L * estimate.Dimension * sizeof(double), $"worker {estimate.WorkerBytes} bytes");
        Assert.True(estimate.TotalBytes < estimate.DenseMatrixBytes / 4, $"{estimate}");
        Assert.True(estimate.CpuSeconds > 0 && estimate.WallSeconds > 0);
    }

    [Fact]
    public void DenseWeakErrorStudyAtNetworkScaleIsRefusedAndPointsToTheMatrixFreeStudy()
    {
        var length = MnistMlp.Layout.DataCount;
        var rows = MnistRows(8);
        var law = Law.Empirical(Enumerable.Range(0, 8).Select(j => rows.AsSpan(j * length, length).ToArray()).ToArray());
        var study = WeakErrorStudy.For<MnistMlp>().Law(law).StartingPoints(MnistPoint())
            .Observable("w", x => x[^1]).Ladder(0.5, 2, 4).Paths(4);
        var e = Assert.Throws<InvalidOperationException>(() => study.Run());
        Assert.StartsWith("Refused before starting: WeakErrorStudy<MnistMlp> forms dense d×d matrices", e.Message);
        Assert.Contains("NetworkFlowStudy.For<MnistMlp>()", e.Message);
        Assert.Contains("d = 13,002", e.Message);
    }
}
