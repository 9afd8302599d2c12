using FlowDsl.Models;
using FlowDsl.Network;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Tests.Network;

/// <summary>Runs alone: it measures the process's allocations, which other tests running in parallel would inflate.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>The network-scale study at d = 13,002 (&gt; 4,096) never allocates a d×d object.</summary>
[Collection(nameof(AllocationMeasurement))]
public class NetworkAllocationTests
{
    [Fact]
    public void ARunAtNetworkScaleAllocatesFarLessThanDSquaredDoubles()
    {
        var d = MnistMlp.Layout.ParameterCount;
        Assert.True(d > 4096);
        var study = NetworkFlowStudy.For<MnistMlp>()
            .Data(NetworkBudgetTests.MnistRows(6)).StartingPoints(NetworkBudgetTests.MnistPoint(), NetworkBudgetTests.MnistPoint().Select(v => -v).ToArray())
            .Observable(Observable.OnePoint("last weight", x => x[^1]))
            .Models(ContinuousModel.GradientFlow, ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2)
            .Ladder(0.25, 1, 2).Substeps(2).Paths(2).Threads(2).Batch(2);
        study.Run(); // warm-up: JIT and thread pool
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = study.Run();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var dSquared = (long)d * d * sizeof(double);
        // Everything the run allocates (per item: O(d) vectors for each model and level; the estimate's 64-atom probe) stays
        // within a few hundred d-vectors — a single d×d matrix would be 13,002 vectors.
        Assert.True(allocated < 400L * d * sizeof(double), $"allocated {allocated:N0} bytes; d² doubles = {dSquared:N0} bytes");
        Assert.Equal(4, result.Models.Count);
    }

    [Fact]
    public void TheAllocationHelperRefusesADSquaredVector()
    {
        const long d = 4097;
        Assert.Contains("matrix-free", Assert.Throws<InvalidOperationException>(() => NetworkBuffers.Vector(d * d)).Message);
        Assert.Equal(4096, NetworkBuffers.Vector(4096).Length);
    }
}
