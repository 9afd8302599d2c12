using FlowDsl.Models;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.Simulation;

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
        { "regression SME-2 with control", 2 }, { "regression SME-1", 1 },
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

    private static (Ensemble Blocked, Ensemble Alone, bool UsedBlocks, (double[][], double[][])? Controls) Both<TModel>(ContinuousModel model, SimulationOptions options, bool control = false)
        where TModel : IRiskModel
    {
        var mean = new MeanRisk<TModel>();
        // Arbitrary fixed surrogate weights cₖ (one per Brownian component and solver step): Σₖ cₖ·ΔWₖ and Σₖ (cₖ·ΔWₖ)² per path.
        var weights = Enumerable.Range(0, 8 * options.Substeps).Select(k => new[] { 0.1 * k - 0.7, 0.3 - 0.05 * k }).ToArray();
        var controls = control ? new PathControls<ISdePathControl>(2, () => new WeightedIncrements(weights)) : null;
        var blocked = new SdeSimulator<TModel>(mean, model, options) { Controls = controls };
        var alone = new SdeSimulator<TModel>(mean, model, options) { Controls = controls, PathBlocks = false };
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
