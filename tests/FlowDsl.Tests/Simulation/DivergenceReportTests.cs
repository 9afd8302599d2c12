using FlowDsl.Models;
using FlowDsl.Simulation;
using static FlowDsl.Ops;

namespace FlowDsl.Tests.Simulation;

/// <summary>R = ¼x₀⁴θ₀² + ½(x₁ − θ₁)², θ ~ N((½, 0), diag(1, ½)): the drift −x₀³E θ₀² overshoots for large α and overflows.</summary>
[FlowModel]
public partial class QuarticOvershoot
{
    [Risk]
    public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec t) =>
        0.25 * x[0] * x[0] * x[0] * x[0] * t[0] * t[0] + 0.5 * Square(x[1] - t[1]);

    [Law]
    public static Law P => Law.Normal([0.5, 0.0], new double[,] { { 1, 0 }, { 0, 0.5 } });
}

/// <summary>
/// An SME whose state overflows mid-step makes Σ(x) non-finite before the step ends; that must surface as the simulator's
/// divergence report naming the step, the path, the particle and the coordinate — not as an exception from the
/// eigen-solver of the noise root (Math.Sign throws on NaN).
/// </summary>
public sealed class DivergenceReportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnOverflowingSmeReportsStepPathParticleAndCoordinate(bool blocks)
    {
        var options = new SimulationOptions { Alpha = 1, Horizon = 16, Paths = 3, Substeps = 2, StartingPoints = [[3.0, 0.0]], Seed = 5 };
        var simulator = new SdeSimulator<QuarticOvershoot>(new MeanRisk<QuarticOvershoot>(), ContinuousModel.Sme2, options) { PathBlocks = blocks };
        var e = Assert.Throws<DivergenceException>(() => simulator.Run());
        Assert.Equal(0, e.Path);
        Assert.Equal(0, e.Point);
        Assert.NotNull(e.Coordinate);
        Assert.InRange(e.Step, 1, 16);
        Assert.Contains($"coordinate {e.Coordinate} of particle 0", e.Message);
        Assert.Contains("path 0", e.Message);
    }

    [Fact]
    public void ANonFiniteNoiseMatrixGivesANonFiniteRootInsteadOfThrowing()
    {
        // Both roots (Jacobi and Householder + QL) must hand NaN on to the simulator's finiteness check.
        double[] sigma = [1.0, double.NaN, double.NaN, 2.0];
        var jacobi = new double[4];
        SymmetricEigen.SquareRoot(sigma, 2, jacobi, new double[2 * 4 + 2]);
        Assert.Contains(jacobi, v => !double.IsFinite(v));
        double[] infinite = [double.PositiveInfinity, 1.0, 1.0, double.PositiveInfinity];
        SymmetricEigen.SquareRoot(infinite, 2, jacobi, new double[2 * 4 + 2]);
        Assert.Contains(jacobi, v => !double.IsFinite(v));
    }
}
