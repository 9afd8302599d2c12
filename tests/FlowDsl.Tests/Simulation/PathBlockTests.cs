using FlowDsl.Models;
using FlowDsl.Simulation;
using static FlowDsl.Ops;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// A least-squares risk with a label-weighted ridge, R = ½(a·x − b)² + ¼b|x|², x ∈ ℝ³, θ = (a, b) correlated normal: ∇R is
/// affine in x and quadratic in θ, so its SMF noise is the atom sum of an exact quadrature (81 nodes) or of a finite support.
/// </summary>
[FlowModel]
public partial class RidgeWeightedLeastSquares
{
    [Risk] public static double R([Dim(3)] Vec x, [Data, Dim(3)] Vec a, [Data] double b) => 0.5 * Square(Dot(a, x) - b) + 0.25 * b * Dot(x, x);

    [Law]
    public static Law P => Law.Normal([0.3, -0.2, 0.1, 0.5], new double[,]
    {
        { 1.0, 0.3, 0.0, 0.1 }, { 0.3, 0.7, -0.2, 0.0 }, { 0.0, -0.2, 0.9, 0.2 }, { 0.1, 0.0, 0.2, 0.4 },
    });

    /// <summary>11 atoms with unequal weights (the support branch of the SMF atoms).</summary>
    public static Law Atoms => Law.Empirical(
        [.. Enumerable.Range(0, 11).Select(j => new[] { Math.Sin(0.9 * j), Math.Cos(1.3 * j + 0.1), 0.4 * Math.Sin(2.1 * j), 0.5 - 0.1 * j })],
        [.. Enumerable.Range(0, 11).Select(j => 1.0 + 0.3 * Math.Cos(j))]);
}

/// <summary>
/// Stochastic Heun advances blocks of paths together (<see cref="SdeSimulator{TModel}.PathBlock"/>): every path must end
/// with exactly the bits of the run that steps one path at a time, for each kind of noise the blocks accept, and a block
/// that diverges must report what the one-at-a-time run reports.
/// </summary>
public sealed class PathBlockTests
{
    // 21 paths from global path 5 (blocks not aligned to global paths): two full blocks of 8 and a remainder, on 1 and 2 threads.
    private static SimulationOptions Options(double[][] points, int threads) =>
        new() { Alpha = 1.0 / 8, Paths = 21, FirstPath = 5, StartingPoints = points, Seed = 29, Threads = threads };

    public static TheoryData<string, int> Cases() => new()
    {
        { "ou SME-1", 1 }, { "ou SME-2", 2 }, { "ou SMF-2", 2 },
        { "two-point SMF-2", 1 }, { "two-point SME-2", 2 }, { "two-point SME-2 shared-B", 2 },
        { "regression SME-2 with control", 2 }, { "regression SME-1", 1 }, { "regression SMF-2 atoms", 2 },
        { "ridge SMF-2 quadrature", 1 }, { "ridge SMF-2 quadrature", 2 }, { "ridge SMF-1 atoms", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BlocksGiveTheBitsOfOnePathAtATime(string name, int threads)
    {
        var (blocked, alone, usedBlocks, controls) = name switch
        {
            "ou SME-1" => Both<Quadratic>(ContinuousModel.Sme1, Options([[1.0, 0.5, -0.5]], threads)),
            "ou SME-2" => Both<Quadratic>(ContinuousModel.Sme2, Options([[1.0, 0.5, -0.5]], threads)),
            "ou SMF-2" => Both<Quadratic>(ContinuousModel.Smf2, Options([[1.0, 0.5, -0.5], [-0.2, 0.3, 0.9]], threads)),
            "two-point SMF-2" => Both<MultiplicativeGaussian>(ContinuousModel.Smf2, Options([[1.0], [-1.0]], threads)),
            "two-point SME-2" => Both<MultiplicativeGaussian>(ContinuousModel.Sme2, Options([[1.0], [-1.0]], threads)),
            "two-point SME-2 shared-B" => Both<MultiplicativeGaussian>(ContinuousModel.Sme2SharedBrownian, Options([[1.0], [-1.0]], threads)),
            "regression SME-2 with control" => Both<LinearRegression>(ContinuousModel.Sme2, Options([[1.0, 1.0]], threads), control: true),
            "regression SME-1" => Both<LinearRegression>(ContinuousModel.Sme1, Options([[1.0, 1.0]], threads)),
            "regression SMF-2 atoms" => Both<LinearRegression>(ContinuousModel.Smf2, Options([[1.0, 1.0]], threads), atoms: true),
            // SMF atom noise on a model not in the repo: three points share one noise, 81 quadrature nodes or 11 atoms.
            "ridge SMF-2 quadrature" => Both<RidgeWeightedLeastSquares>(ContinuousModel.Smf2, Options(RidgePoints, threads), atoms: true),
            "ridge SMF-1 atoms" => Both<RidgeWeightedLeastSquares>(ContinuousModel.Smf1, Options(RidgePoints, threads), RidgeWeightedLeastSquares.Atoms, atoms: true),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.True(usedBlocks, $"{name}: the blocked run fell back to one path at a time");
        Assert.Equal(alone.Count, blocked.Count);
        for (var k = 0; k < alone.Dimension; k++)
            Assert.Equal(Bits(alone.Coordinate(k)), Bits(blocked.Coordinate(k)));
        if (controls is var (a, b))
        {
            Assert.Equal(a.Length, b.Length);
            for (var c = 0; c < a.Length; c++) Assert.Equal(Bits(a[c]), Bits(b[c]));
        }
    }

    [Fact]
    public void ADivergingBlockReportsWhatOnePathAtATimeReports()
    {
        // α = 4 on R = ½(x − θ)²: the SME-1 drift −(x − θ̄) with h = 4 overshoots and grows like 3ⁱ until it overflows.
        var options = new SimulationOptions { Alpha = 4, Horizon = 4096, Paths = 12, Substeps = 1, StartingPoints = [[1.0]], Seed = 3 };
        var mean = new MeanRisk<OrnsteinUhlenbeck1D>();
        var simulator = new SdeSimulator<OrnsteinUhlenbeck1D>(mean, ContinuousModel.Sme1, options);
        var blocked = Assert.Throws<DivergenceException>(() => simulator.Run());
        Assert.True(simulator.UsedPathBlocks);
        var alone = Assert.Throws<DivergenceException>(() => new SdeSimulator<OrnsteinUhlenbeck1D>(mean, ContinuousModel.Sme1, options) { PathBlocks = false }.Run());
        Assert.Equal(alone.Message, blocked.Message);
        Assert.Equal((alone.Step, alone.Path), (blocked.Step, blocked.Path));
        Assert.Equal(0, blocked.Path); // the first path in path order, as without blocks
    }

    private static readonly double[][] RidgePoints = [[1.0, -0.5, 0.25], [-0.3, 0.8, 0.6], [0.0, 0.1, -1.2]];

    private static (Ensemble Blocked, Ensemble Alone, bool UsedBlocks, (double[][], double[][])? Controls) Both<TModel>(
        ContinuousModel model, SimulationOptions options, Law? law = null, bool control = false, bool atoms = false)
        where TModel : IRiskModel
    {
        var mean = new MeanRisk<TModel>(law);
        // Arbitrary fixed surrogate weights cₖ (one per Brownian component and solver step): Σₖ cₖ·ΔWₖ and Σₖ (cₖ·ΔWₖ)² per path.
        var weights = Enumerable.Range(0, 8 * options.Substeps).Select(k => new[] { 0.1 * k - 0.7, 0.3 - 0.05 * k }).ToArray();
        var controls = control ? new PathControls<ISdePathControl>(2, () => new WeightedIncrements(weights)) : null;
        var blocked = new SdeSimulator<TModel>(mean, model, options) { Controls = controls };
        var alone = new SdeSimulator<TModel>(mean, model, options) { Controls = controls, PathBlocks = false };
        if (atoms) Assert.Contains("dβⱼ over", blocked.NoiseDescription); // the SMF atom noise, not another realisation
        var (b, a) = (blocked.Run(), alone.Run());
        return (b, a, blocked.UsedPathBlocks, control ? (blocked.Control!, alone.Control!) : null);
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < bits.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }

    /// <summary>A path control that reads the increments in order: Σₖ cₖ·ΔWₖ and Σₖ (cₖ·ΔWₖ)².</summary>
    private sealed class WeightedIncrements(double[][] weights) : ISdePathControl
    {
        private double _linear, _squares;

        public void Begin() => (_linear, _squares) = (0, 0);

        public void Step(int step, ReadOnlySpan<double> dW)
        {
            double sum = 0;
            for (var j = 0; j < dW.Length; j++) sum += weights[step][j] * dW[j];
            _linear += sum;
            _squares += sum * sum;
        }

        public void End(Span<double> values) => (values[0], values[1]) = (_linear, _squares);
    }
}
