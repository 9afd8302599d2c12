using FlowDsl.Simulation;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// <see cref="PathPartition"/> hands out contiguous chunks to whichever worker is free: every path must be run exactly
/// once, in aligned chunks, and a failure must be reported as the lowest failing path whatever the thread count.
/// </summary>
public sealed class PathPartitionTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(63, 2)]
    [InlineData(65, 2)]
    [InlineData(1_000, 2)]
    [InlineData(12_000, 2)]
    [InlineData(12_000, 3)]
    [InlineData(100_001, 8)]
    public void EveryPathRunsOnceInAlignedChunks(int count, int threads)
    {
        var runs = new int[count];
        var ranges = new List<(int Start, int End)>();
        PathPartition.Run(count, threads, (start, end) =>
        {
            lock (ranges) ranges.Add((start, end));
            for (var p = start; p < end; p++) Interlocked.Increment(ref runs[p]);
        });
        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.All(ranges, r => Assert.True(r.Start % 64 == 0 && r.End > r.Start, $"range [{r.Start}, {r.End})"));
        Assert.True(ranges.Count <= Math.Max(1, threads * 4), $"{ranges.Count} chunks for {count} paths on {threads} threads");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void TheLowestFailingPathIsReportedForAnyThreadCount(int threads)
    {
        // Paths 3,001 and 701 fail; 701 lies in a later chunk than path 0 but an earlier one than 3,001.
        var e = Assert.Throws<InvalidOperationException>(() => PathPartition.Run(5_000, threads, (start, end) =>
        {
            for (var p = start; p < end; p++)
                if (p is 701 or 3_001) throw new InvalidOperationException($"path {p} failed");
        }));
        Assert.Equal("path 701 failed", e.Message);
    }

    [Fact]
    public void ChunksHoldAboutFourPerWorkerAndAtLeastSixtyFourPaths()
    {
        Assert.Equal(64, PathPartition.ChunkLength(100, 2));
        Assert.Equal(1_536, PathPartition.ChunkLength(12_000, 2)); // 1,500 rounded up to a multiple of 64: 8 chunks
        Assert.Equal(640, PathPartition.ChunkLength(5_000, 2));  // 625 → 640
    }
}
