using FlowDsl.Models;
using FlowDsl.Simulation;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// For one starting point the SMF's law is the SME's (math.md §3.4 d): the simulators then realise the SMF's noise by
/// Σ(x)^{1/2}dW. The claim is checked against the SMF's own construction (one Brownian motion per node of Q, used for two
/// starting points), and the study's reuse of the SME-2 paths is checked to be exactly what a separate simulation gives.
/// </summary>
public sealed class OnePointSmfTests(ITestOutputHelper output)
{
    /// <summary>A small rule Q (a loose tolerance) keeps the nonlinear model fast; the comparison is exact for Q.</summary>
    private static MeanRisk<TwoLayerTanh> Mean() => new(accuracy: new MeanAccuracy(1e-1, 64));

    private static readonly double[] Start = [0.8, -0.5, 0.3, 0.2, 0.6, -0.7, 1.0, -0.8];

    [Fact]
    public void TheOnePointSmfByRootHasTheLawOfTheSmfBuiltFromTheNodes()
    {
        var mean = Mean();
        const int paths = 1_500;
        var options = new SimulationOptions { Alpha = 0.5, Paths = paths, StartingPoints = [Start], Seed = 11, Threads = 2 };
        Assert.True(SdeSimulator<TwoLayerTanh>.SmfByRoot(mean, options));
        var byRoot = new SdeSimulator<TwoLayerTanh>(mean, ContinuousModel.Smf2, options);
        Assert.Contains("one starting point", byRoot.NoiseDescription);
        // Two starting points: the field of the SMF itself, one Brownian motion per node; its first point is the same one-point motion.
        var pair = options with { StartingPoints = [Start, Start.Select(v => -v).ToArray()], Seed = 12 };
        Assert.False(SdeSimulator<TwoLayerTanh>.SmfByRoot(mean, pair));
        var byNodes = new SdeSimulator<TwoLayerTanh>(mean, ContinuousModel.Smf2, pair);
        Assert.Contains("nodes of the adaptive Gauss rule", byNodes.NoiseDescription);

        var a = Moments(byRoot.Run(), 1);
        var b = Moments(byNodes.Run(), 2);
        for (var k = 0; k < 2; k++)
        {
            var se = Math.Sqrt(a[k].Se * a[k].Se + b[k].Se * b[k].Se);
            output.WriteLine($"moment {k}: root {a[k].Mean:F5} ± {a[k].Se:E1}, nodes {b[k].Mean:F5} ± {b[k].Se:E1}");
            Assert.True(Math.Abs(a[k].Mean - b[k].Mean) < 4.5 * se, $"moment {k}: {a[k].Mean} vs {b[k].Mean} ± {se}");
        }
    }

    /// <summary>Means of |x|² and of x₁ + x₇ (first point) over paths, with SEs.</summary>
    private static (double Mean, double Se)[] Moments(Ensemble ensemble, int pointsPerPath)
    {
        var x = new double[ensemble.Dimension];
        var values = new double[2][];
        values[0] = new double[ensemble.Paths];
        values[1] = new double[ensemble.Paths];
        for (var p = 0; p < ensemble.Paths; p++)
        {
            ensemble.Load(p * pointsPerPath, x);
            values[0][p] = x.Sum(v => v * v);
            values[1][p] = x[0] + x[6];
        }
        return values.Select(v => PathStatistics.MeanAndError(v)).Select(m => (m.Mean, m.StandardError)).ToArray();
    }

    [Fact]
    public void TheStudySimulatesTheOnePointSmfOnceAndGetsTheBitsOfASeparateRun()
    {
        WeakErrorStudy<TwoLayerTanh> Study(params ContinuousModel[] models) =>
            WeakErrorStudy.For<TwoLayerTanh>().MeanAccuracy(1e-1, 64).StartingPoints(Start)
                .Observable("|x|²", x => x.ToArray().Sum(v => v * v)).Models(models)
                .Ladder(1, 2, 4).Paths(200).Bootstrap(0).Threads(2);
        var shared = Study(ContinuousModel.Sme2, ContinuousModel.Smf2).Run();
        var alone = Study(ContinuousModel.Smf2).Run();
        Assert.Contains("the same paths as SME-2", shared.Configuration.Noise["SMF-2"]);
        var a = shared.Order("SMF-2", "|x|²").Levels;
        var b = alone.Order("SMF-2", "|x|²").Levels;
        var c = shared.Order("SME-2", "|x|²").Levels;
        for (var j = 0; j < a.Count; j++)
        {
            Assert.Equal(b[j].Error, a[j].Error);
            Assert.Equal(b[j].StandardError, a[j].StandardError);
            Assert.Equal(b[j].SolverBias, a[j].SolverBias);
            Assert.Equal(c[j].Error, a[j].Error);
        }
    }
}
