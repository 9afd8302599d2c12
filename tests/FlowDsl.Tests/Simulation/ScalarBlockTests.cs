using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using static FlowDsl.Ops;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// R = ½(3/2 + a)x² − bx, (a, b) ~ N((0.2, −0.3), [[0.5, 0.2], [0.2, 0.8]]): ∇R affine in x and in θ, with two correlated data
/// entries, so Σ(x) = J(x)SJ(x)ᵀ sums two root columns and the SMF noise has rank 2.
/// </summary>
[FlowModel]
public partial class ScalarTwoDataAffine
{
    [Risk] public static double R(double x, [Data] double a, [Data] double b) => 0.5 * (1.5 + a) * x * x - b * x;

    [Law] public static Law P => Law.Normal([0.2, -0.3], new double[,] { { 0.5, 0.2 }, { 0.2, 0.8 } });
}

/// <summary>
/// R = ½x² + θ(1 − Cos(x)), θ ~ N(0.3, 0.4): affine in θ but not in x (the drift has no affine shortcut); Σ(x) = 0.4·sin²x
/// vanishes at x = 0, where the noise must keep the sign of zero the per-point path gives.
/// </summary>
[FlowModel]
public partial class ScalarWavyData
{
    [Risk] public static double R(double x, [Data] double θ) => 0.5 * x * x + θ * (1 - Cos(x));

    [Law] public static Law P => Law.Normal([0.3], new double[,] { { 0.4 } });
}

/// <summary>R = ½θ²x² + θx, θ ~ N(0.1, 0.6): quadratic in θ, so Σ(x) is a sum over the nodes of an exact Gauss rule.</summary>
[FlowModel]
public partial class ScalarSquaredData
{
    [Risk] public static double R(double x, [Data] double θ) => 0.5 * θ * θ * x * x + θ * x;

    [Law] public static Law P => Law.Normal([0.1], new double[,] { { 0.6 } });
}

/// <summary>
/// The d = 1 block form of the coefficients (<see cref="IScalarSdeCoefficients"/>, used by stochastic Heun's path blocks) must give
/// exactly the bits of the general per-point path, for every kind of d = 1 drift and noise: affine or not in x, Σ constant, affine
/// in θ with several root columns, or a sum over quadrature nodes, SME or SMF noise or none, one or two points per increment.
/// None of these is a model of the main job's d = 1 studies.
/// </summary>
public sealed class ScalarBlockTests
{
    public static TheoryData<string> Cases() => [.. Points.Keys];

    // The starting points of each case: two points give the SMF its shared field, independent SME copies two increment rows
    // and the shared-Brownian SME one row for two points.
    private static readonly Dictionary<string, double[][]> Points = new()
    {
        ["two-data SME-2"] = [[0.8], [-1.2]],
        ["two-data SME-1"] = [[0.8]],
        ["two-data SMF-2"] = [[0.8], [-1.2]],
        ["two-data SME-2 shared-B"] = [[0.8], [-1.2]],
        ["two-data GF"] = [[0.8], [-1.2]],
        ["wavy SME-2"] = [[0.8]],
        ["wavy SMF-2"] = [[0.8], [-1.2]],
        ["squared SME-2"] = [[0.8], [-1.2]],
        ["ou-1d SME-2 shared-B"] = [[0.8], [-1.2]],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BlockCoefficientsGiveTheBitsOfThePerPointCoefficients(string name)
    {
        var worker = For(name).Worker;
        double[] x = [1.0, -1.0, 0.0, -0.0, 1e-3, 7.25, .. Enumerable.Range(0, 250).Select(k => 2.5 * Math.Sin(0.37 * k + 0.1))];
        var rank = worker.Rank;
        var dW = Enumerable.Range(0, Math.Max(x.Length * rank, 1)).Select(k => 0.3 * Math.Sin(1.7 * k + 0.4)).ToArray();
        var blockDrift = new double[x.Length];
        worker.DriftBlock(x, blockDrift);
        foreach (var perIncrement in (int[])[1, 2, 3])
        {
            var blockNoise = new double[x.Length];
            worker.DiffusionBlock(x, dW, perIncrement, blockNoise);
            for (var p = 0; p < x.Length; p++)
            {
                var a = new double[1];
                var b = new double[1];
                worker.Drift(x.AsSpan(p, 1), a);
                worker.Diffusion(x.AsSpan(p, 1), dW.AsSpan(p / perIncrement * rank, rank), b);
                Assert.Equal(BitConverter.DoubleToInt64Bits(a[0]), BitConverter.DoubleToInt64Bits(blockDrift[p]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(b[0]), BitConverter.DoubleToInt64Bits(blockNoise[p]));
            }
            if (rank > 0) Assert.Contains(blockNoise, v => v != 0); // not vacuous
        }
        Assert.Contains(blockDrift, v => v != 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HeunBlocksGiveTheBitsOfHeunBlocksPointByPoint(string name)
    {
        var worker = For(name).Worker;
        double[] start = [0.9, -1.1, 0.2, 1.6, -0.4, 0.05, -2.0, 0.7];
        var rank = worker.Rank;
        var scalar = start.ToArray();
        var general = start.ToArray();
        var fast = new StochasticHeun(1);
        var slow = new StochasticHeun(1) { ScalarBlocks = false };
        for (var s = 0; s < 40; s++)
        {
            var dW = Enumerable.Range(0, Math.Max(start.Length * rank, 1)).Select(k => 0.25 * Math.Cos(0.9 * k + 1.3 * s)).ToArray();
            var perIncrement = 1 + s % 2; // rows per point and rows shared by two points
            fast.StepBlock(worker, scalar, start.Length, 1.0 / 16, dW, rank, perIncrement);
            slow.StepBlock(worker, general, start.Length, 1.0 / 16, dW, rank, perIncrement);
        }
        Assert.Equal(Bits(general), Bits(scalar));
        Assert.All(scalar, v => Assert.True(double.IsFinite(v)));
        Assert.NotEqual(Bits(start), Bits(scalar));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BlockedRunsGiveTheBitsOfOnePathAtATime(string name)
    {
        var run = For(name).Run;
        var (blocked, usedBlocks) = run(2, true);
        var (alone, _) = run(1, false);
        Assert.True(usedBlocks, $"{name}: the run fell back to one path at a time");
        for (var k = 0; k < alone.Dimension; k++) Assert.Equal(Bits(alone.Coordinate(k)), Bits(blocked.Coordinate(k)));
    }

    [Fact]
    public void BlocksOfScalarPointsAreRefusedForSeveralCoordinates()
    {
        var options = new SimulationOptions { Alpha = 0.2, Paths = 4, StartingPoints = [[1.0, 0.5, -0.5]], Seed = 41 };
        IScalarSdeCoefficients worker = new SdeSimulator<Quadratic>(new MeanRisk<Quadratic>(), ContinuousModel.Sme2, options).SurrogateCoefficients()!;
        var points = new double[6];
        var values = new double[6];
        Assert.Throws<InvalidOperationException>(() => worker.DriftBlock(points, values));
        Assert.Throws<InvalidOperationException>(() => worker.DiffusionBlock(points, new double[6], 1, values));
    }

    private sealed record Case(IScalarSdeCoefficients Worker, Func<int, bool, (Ensemble Result, bool UsedBlocks)> Run);

    private static Case For(string name) => name.Split(' ')[0] switch
    {
        "two-data" => For<ScalarTwoDataAffine>(name),
        "wavy" => For<ScalarWavyData>(name),
        "squared" => For<ScalarSquaredData>(name),
        "ou-1d" => For<OrnsteinUhlenbeck1D>(name, Law.Normal([0.4], new double[,] { { 0.7 } })), // Σ = 0.7 for every x: a constant root
        var other => throw new ArgumentOutOfRangeException(nameof(name), other, null),
    };

    // 19 paths from global path 3 (two blocks of 8 and a remainder; on 2 threads ranges not aligned to blocks), K = 4 and
    // α = 1/5: α/2 is not a power of two, so a reordered product in the SME-2 drift would change bits.
    private static Case For<TModel>(string name, Law? law = null) where TModel : IRiskModel
    {
        var mean = new MeanRisk<TModel>(law);
        var model = name.Split(' ', 2)[1] switch
        {
            "SME-1" => ContinuousModel.Sme1,
            "SME-2" => ContinuousModel.Sme2,
            "SME-2 shared-B" => ContinuousModel.Sme2SharedBrownian,
            "SMF-2" => ContinuousModel.Smf2,
            "GF" => ContinuousModel.GradientFlow,
            var other => throw new ArgumentOutOfRangeException(nameof(name), other, null),
        };
        SimulationOptions Options(int threads) =>
            new() { Alpha = 0.2, Paths = 19, FirstPath = 3, StartingPoints = Points[name], Seed = 41, Threads = threads };
        var worker = new SdeSimulator<TModel>(mean, model, Options(1)).SurrogateCoefficients()
                     ?? new SdeWorker<TModel>(mean, model.DriftOrder, 0.2, noise: null); // no noise: the gradient flow
        return new Case(worker, (threads, blocks) =>
        {
            var simulator = new SdeSimulator<TModel>(mean, model, Options(threads)) { PathBlocks = blocks };
            return (simulator.Run(), simulator.UsedPathBlocks);
        });
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < bits.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
