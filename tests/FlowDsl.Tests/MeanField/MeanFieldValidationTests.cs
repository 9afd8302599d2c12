using FlowDsl.Models.ByHand;
using FlowDsl.MeanField;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.MeanField;

/// <summary>Bad input is rejected with a message that names it; NaN/∞ in a simulated state raises <see cref="DivergenceException"/> naming model, step, time, particle and coordinate.</summary>
public sealed class MeanFieldValidationTests
{
    [Fact]
    public void WeightsThatDoNotSumToOneAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => MeanFieldData.FromAtoms<TanhUnitByHand>([0, 1, 1, 0], [0.5, 0.6]));
        Assert.Contains("sum to", e.Message);
    }

    [Fact]
    public void AtomsOfTheWrongLengthAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => MeanFieldData.FromAtoms<TanhUnitByHand>([0, 1, 1], [0.5, 0.5]));
        Assert.Contains("data length 2", e.Message);
    }

    [Fact]
    public void AConfigurationOfTheWrongSizeIsRejected()
    {
        var evaluator = new MeanFieldEvaluator<TanhUnitByHand>(MeanFieldTestData.TanhAtoms(), 3);
        var e = Assert.Throws<ArgumentException>(() => evaluator.ComputeResiduals(new double[5]));
        Assert.Contains("3 particles", e.Message);
    }

    [Fact]
    public void AHorizonThatIsNotAWholeNumberOfStepsIsRejected()
    {
        var sgd = new ParticleSgd<TanhUnitByHand>(MeanFieldTestData.TanhAtoms(), 3, 0.3);
        Assert.Throws<ArgumentException>(() => MeanFieldSimulation.StepsFor(sgd, 1.0));
    }

    [Fact]
    public void ANonFiniteInitialParticleIsReportedWithItsIndex()
    {
        var x = MeanFieldTestData.TanhParticles(4);
        x[5] = double.NaN;
        var flow = new MeanFieldFlow<TanhUnitByHand>(MeanFieldTestData.TanhAtoms(), 4, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1);
        var e = Assert.Throws<DivergenceException>(() => MeanFieldSimulation.Run(flow, x, 0.1, 1, 0));
        Assert.Equal((0, 2, 1), (e.Step, e.Point, e.Coordinate));
        Assert.Equal(0.0, e.Time);
        Assert.True(double.IsNaN(e.Value));
        Assert.Equal(nameof(TanhUnitByHand), e.Model);
        Assert.Contains("DD-SMF", e.Message);
        Assert.Contains("coordinate 1 of particle 2", e.Message);
        Assert.Contains(nameof(TanhUnitByHand), e.Message);
    }

    [Fact]
    public void ADivergingSgdRunIsReportedWithStepAndParticle()
    {
        // Linear unit with α = 3: the mean's recursion y ← (I − α aaᵀ) y + α a ε explodes within a few hundred steps.
        var data = MeanFieldTestData.LinearUnitLaw(0.5);
        var sgd = new ParticleSgd<LinearUnitByHand>(data, 2, 3.0);
        var e = Assert.Throws<DivergenceException>(() => MeanFieldSimulation.Run(sgd, [1, 1, 2, 0], 3.0 * 5000, 1, 0));
        Assert.True(e.Step > 1, $"diverged at step {e.Step}");
        Assert.InRange(e.Point, 0, 1);
        Assert.Equal(e.Step * 3.0, e.Time);
        Assert.Contains("particle SGD", e.Message);
        Assert.Contains($"step {e.Step} (t = {e.Time:G6})", e.Message);
    }
}
