using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// <see cref="MeanFieldFlow{TModel}.NoiseSubdivisions"/>: a run at h = 2h₀ that sums pairs of finer increments follows
/// the same Brownian path as a run at h₀, so the two end points differ only by the O(h) strong error of SH2, far less
/// than two independent paths do.
/// </summary>
public sealed class MeanFieldCouplingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void CoarseRunWithSubdividedNoiseFollowsTheFineRunsBrownianPath()
    {
        var data = MeanFieldTestData.TanhAtoms();
        var initial = MeanFieldTestData.TanhParticles(4);
        const double alpha = 0.1;
        double coupled = 0, independent = 0;
        const int paths = 40;
        for (uint path = 0; path < paths; path++)
        {
            var coarse = Run(new MeanFieldFlow<TanhUnitByHand>(data, 4, MeanFieldFlowKind.DistributionDependentModifiedFlow, alpha, 2) { NoiseSubdivisions = 2 }, initial, path, seed: 5);
            var fine = Run(new MeanFieldFlow<TanhUnitByHand>(data, 4, MeanFieldFlowKind.DistributionDependentModifiedFlow, alpha, 4), initial, path, seed: 5);
            var other = Run(new MeanFieldFlow<TanhUnitByHand>(data, 4, MeanFieldFlowKind.DistributionDependentModifiedFlow, alpha, 4), initial, path, seed: 6);
            coupled += Distance(coarse, fine) / paths;
            independent += Distance(coarse, other) / paths;
        }
        output.WriteLine($"mean distance at T: coupled {coupled:E3}, independent {independent:E3}");
        Assert.True(independent > 0, "the noise has no effect");
        Assert.True(coupled < 0.1 * independent, $"coupled distance {coupled:E3} vs independent {independent:E3}");
    }

    [Fact]
    public void SubdivisionsBelowOneAreRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MeanFieldFlow<TanhUnitByHand>(MeanFieldTestData.TanhAtoms(), 2, MeanFieldFlowKind.DistributionDependentFlow, 0.1) { NoiseSubdivisions = 0 });
        Assert.Equal("NoiseSubdivisions", e.ParamName);
    }

    private static double[] Run(MeanFieldFlow<TanhUnitByHand> flow, double[] initial, uint path, ulong seed)
    {
        var x = (double[])initial.Clone();
        MeanFieldSimulation.Run(flow, x, 1.0, seed, path);
        return x;
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Select((v, i) => (v - b[i]) * (v - b[i])).Sum());
}
