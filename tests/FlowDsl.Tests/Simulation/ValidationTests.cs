using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Tests.Simulation;

/// <summary>Bad input raises exceptions that name the problem; NaN/∞ in a state raises <see cref="DivergenceException"/>.</summary>
public sealed class ValidationTests
{
    private static readonly SimulationOptions Good = new() { Alpha = 0.25, Paths = 4, StartingPoints = [[1.0]] };

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidAlphaIsRejected(double alpha)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Alpha = alpha }));
        Assert.Contains("learning rate α", e.Message);
    }

    [Fact]
    public void AlphaThatDoesNotDivideTheHorizonIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Alpha = 0.3 }));
        Assert.Contains("not an integer multiple", e.Message);
        Assert.Contains("T/α", e.Message);
    }

    [Fact]
    public void BadHorizonDimensionsBatchSubstepsPathsAndThreadsAreRejected()
    {
        Assert.Contains("horizon T", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Horizon = -1 })).Message);
        Assert.Contains("d = 1", Assert.Throws<ArgumentException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { StartingPoints = [[1.0, 2.0]] })).Message);
        Assert.Contains("batch size", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Batch = 0 })).Message);
        Assert.Contains("substeps", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Continuous<OrnsteinUhlenbeck1D>(ContinuousModel.Smf2, Good with { Substeps = 0 })).Message);
        Assert.Contains("paths", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Paths = 0 })).Message);
        Assert.Contains("even", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Paths = 3, Antithetic = true })).Message);
        Assert.Contains("threads", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Threads = 0 })).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { StartingPoints = [[double.NaN]] })).Message);
        Assert.Contains("dimension", Assert.Throws<ArgumentException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Law = Law.Normal(2) })).Message);
        Assert.Contains("Talay–Tubaro", Assert.Throws<ArgumentException>(() => Simulator.Continuous<OrnsteinUhlenbeck1D>(ContinuousModel.Smf2, Good with { Scheme = SchemeKind.TalayTubaro })).Message);
        Assert.Contains("Brownian-driven SGD", Assert.Throws<ArgumentException>(() => Simulator.Sgd<Multiplicative>(Good with { SgdSampling = SgdSampling.Brownian })).Message);
    }

    [Fact]
    public void DivergenceNamesModelSimulatorStepAndPath()
    {
        // α = 4 on R = ½(x − θ)²: x ← −3x + 4θ grows like 3ⁱ and overflows.
        var e = Assert.Throws<DivergenceException>(() => Simulator.Sgd<OrnsteinUhlenbeck1D>(Good with { Alpha = 4, Horizon = 4096 }));
        Assert.Equal("OrnsteinUhlenbeck1D", e.Model);
        Assert.Equal("SGD", e.Simulator);
        Assert.Contains("OrnsteinUhlenbeck1D", e.Message);
        Assert.Contains($"SGD step {e.Step}", e.Message);
        Assert.Contains("path 0", e.Message);
        Assert.InRange(e.Step, 600, 700); // 3ⁱ overflows near i = log(1.8e308)/log 3 ≈ 646
        var sde = Assert.Throws<DivergenceException>(() => Simulator.Continuous<OrnsteinUhlenbeck1D>(ContinuousModel.Sme1, Good with { Alpha = 4, Horizon = 4096, Substeps = 1, Scheme = SchemeKind.EulerMaruyama }));
        Assert.Contains("SME-1", sde.Simulator);
    }

    [Fact]
    public void StudyRejectsBadLadderAndMissingObservables()
    {
        Assert.Contains("observable", Assert.Throws<InvalidOperationException>(() => WeakErrorStudy.For<OrnsteinUhlenbeck1D>().Run()).Message);
        Assert.Contains("divide the largest", Assert.Throws<ArgumentException>(() =>
            WeakErrorStudy.For<OrnsteinUhlenbeck1D>().Observable("x", x => x[0]).Ladder(1, 8, 12).Paths(4).Run()).Message);
        Assert.Contains("two starting points", Assert.Throws<ArgumentException>(() =>
            WeakErrorStudy.For<OrnsteinUhlenbeck1D>().Observable(Observable.SquaredDistance()).Paths(4).Run()).Message);
    }
}
