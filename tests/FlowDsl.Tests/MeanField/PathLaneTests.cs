using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Simulation;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The path-parallel mean-field code (many Monte Carlo paths per SIMD lane group) against the scalar code it replaces
/// in the studies, path by path and bit for bit: the flows (M0, M2, M3) and Gaussian SGD against
/// <see cref="MeanFieldSimulation.RunEnsemble"/> with <see cref="MeanFieldFlow{TModel}"/> / <see cref="GaussianParticleSgd{TModel}"/>,
/// the stored Brownian paths and lane normals against <see cref="BrownianIncrements"/> / <see cref="CounterRng"/>, and
/// the coupled SGD side against its scalar loop, the exact SGD enumeration against its single recursion; at every width this machine runs, with full lane groups and a tail.
/// </summary>
public sealed class PathLaneTests
{
    public static TheoryData<MeanFieldFlowKind, int, int, SimdWidth> FlowCases()
    {
        var cases = new TheoryData<MeanFieldFlowKind, int, int, SimdWidth>();
        foreach (var width in SimdWidths.Supported)
        {
            // n = 3 (one block), n = 37 (two particle blocks, so the block sums are added in order); subdivisions 1 and 2.
            cases.Add(MeanFieldFlowKind.DistributionDependentModifiedFlow, 3, 2, width);
            cases.Add(MeanFieldFlowKind.DistributionDependentModifiedFlow, 37, 1, width);
            cases.Add(MeanFieldFlowKind.DistributionDependentFlow, 5, 2, width);
            cases.Add(MeanFieldFlowKind.MeanFieldOde, 4, 1, width);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(FlowCases))]
    public void FlowPathsInLanesHaveTheScalarFlowsBits(MeanFieldFlowKind kind, int n, int subdivisions, SimdWidth width)
    {
        var data = TanhData();
        var x0 = MeanFieldTestData.TanhParticles(n);
        const int paths = 19; // two or more full groups and a tail at every width
        var noise = new FineBrownianPaths(7, antithetic: true, 3, paths, 4 * 3 * subdivisions, data.Count, threads: 2);
        var flow = new FlowRun(kind, 0.25, 3, subdivisions);
        var lanes = PathLaneEnsemble.Run<TanhUnit>(data, x0, flow, paths, 3, 1.0, Coordinates(x0.Length), noise, threads: 2, width);
        var scalar = MeanFieldSimulation.RunEnsemble(
            () => new MeanFieldFlow<TanhUnit>(data, n, kind, 0.25, 3) { Antithetic = true, NoiseSubdivisions = subdivisions },
            x0, paths, 1.0, Coordinates(x0.Length), 7, threads: 1, firstPath: 3);
        AssertSameBits(scalar, lanes);
        if (kind != MeanFieldFlowKind.MeanFieldOde) Assert.NotEqual(lanes[0, 0], lanes[2, 0]); // the paths really differ (the noise is on)
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void GaussianSgdInLanesHasTheScalarBits(SimdWidth width)
    {
        var data = MeanFieldData.For<SoftplusUnit>();
        var x0 = MeanFieldTestData.TanhParticles(6);
        const int paths = 21;
        var noise = new FineBrownianPaths(5, antithetic: false, 0, paths, 8 * 4, data.Count, threads: 2);
        var lanes = PathLaneEnsemble.Run<SoftplusUnit>(data, x0, FlowRun.Gaussian(1.0 / 8, 4), paths, 0, 1.0, Coordinates(x0.Length), noise, 2, width);
        var scalar = MeanFieldSimulation.RunEnsemble(
            () => new GaussianParticleSgd<SoftplusUnit>(data, 6, 1.0 / 8) { NoiseSubdivisions = 4 }, x0, paths, 1.0, Coordinates(x0.Length), 5, 1);
        AssertSameBits(scalar, lanes);
    }

    [Fact]
    public void StoredBrownianPathsGiveTheIncrementsOfBrownianIncrements()
    {
        foreach (var antithetic in new[] { false, true })
        {
            // Paths 4…12 are stored on a grid of 12 fine steps; path 20 and step 6 of subdivisions 2 fall outside (drawn).
            var stored = new FineBrownianPaths(11, antithetic, 4, 9, 12, 3, threads: 2);
            Assert.True(stored.Stored);
            var xi = new double[3];
            var expected = new double[3];
            var scratch = new double[3];
            foreach (var path in new uint[] { 4, 5, 9, 12, 20 })
                foreach (var subdivisions in new[] { 1, 2, 3, 4 })
                    for (uint step = 0; step < 12 / subdivisions + 1; step++)
                    {
                        stored.Draw(path, step, subdivisions, xi, scratch);
                        BrownianIncrements.Draw(11, path, step, subdivisions, antithetic, expected, scratch);
                        for (var j = 0; j < 3; j++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(xi[j]));
                    }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void LaneNormalsAreCounterRngNormalsPerKey(int count)
    {
        var seed = 0x1234_5678_9ABC_DEF0UL;
        var schedule = PhiloxLanes.Keys<double>.Create<ScalarOps>((uint)seed, (uint)(seed >> 32));
        var lanes = new double[count];
        var expected = new double[count];
        foreach (var key in new uint[] { 0, 1, 77, uint.MaxValue })
        {
            PathLaneNormals.Fill<ScalarOps, double>(in schedule, BitConverter.UInt64BitsToDouble(key), 5, MeanFieldStreams.CylindricalNoise, lanes);
            new CounterRng(seed, key, 5, MeanFieldStreams.CylindricalNoise).FillNormal(expected);
            Assert.Equal(expected, lanes);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CoupledSgdSideInLanesHasTheScalarLoopsBits(bool antithetic)
    {
        var data = MeanFieldData.For<SoftplusUnit>();
        var x0 = MeanFieldTestData.TanhParticles(5);
        MeasureObservable[] observables = [MeasureObservable.Mean(2, 0), MeasureObservable.Integral("sin x₂", 2, x => Math.Sin(x[1]))];
        CoupledLevelSampler<SoftplusUnit> Sampler(bool lanes) => new(data, x0, observables,
            [MeanFieldFlowKind.DistributionDependentFlow], 1.0 / 8, 8, 2, true, antithetic, 3, 1, threads: 2, sgdLanes: lanes);
        var fast = Sampler(true);
        var slow = Sampler(false);
        // Two batches, the second starting mid-way (11 units: full groups and a tail at every width).
        foreach (var units in new[] { 5, 11 })
        {
            fast.ExtendSgd(units);
            slow.ExtendSgd(units);
        }
        for (var o = 0; o < observables.Length; o++)
        {
            Assert.Equal(slow.SgdDifference(o), fast.SgdDifference(o));
            Assert.Equal(slow.SgdValue(o), fast.SgdValue(o));
        }
        Assert.Equal(11, fast.SgdUnits);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ExactSgdExpectationHasTheBitsOfTheScalarWalk(int threads)
    {
        // Three atoms, one of weight 0 (skipped), 6 steps: 2⁶ leaves, split into subtrees with several threads.
        var data = MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1, 0.2, 0.3], [0.3, 0, 0.7]);
        var x0 = MeanFieldTestData.TanhParticles(5);
        var observable = MeasureObservable.Integral("sin x₁ x₂", 2, x => Math.Sin(x[0]) * x[1]);
        var expected = ScalarWalk(new ParticleSgd<TanhUnit>(data, 5, 1.0 / 6), data, x0, 6, observable);
        var actual = MeanFieldWeakError.ExactSgdExpectation<TanhUnit>(data, x0, 1.0 / 6, 1.0, observable, threads: threads);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }

    /// <summary>The enumeration as it was written before the split: one recursion with ParticleSgd.StepOn.</summary>
    private static double ScalarWalk(ParticleSgd<TanhUnit> sgd, MeanFieldData data, double[] x0, int steps, MeasureObservable observable)
    {
        var states = Enumerable.Range(0, steps + 1).Select(_ => new double[x0.Length]).ToArray();
        x0.CopyTo(states[0], 0);
        return Walk(0, 1.0);

        double Walk(int depth, double weight)
        {
            if (depth == steps) return weight * observable.Evaluate(states[depth]);
            var sum = 0.0;
            for (var j = 0; j < data.Count; j++)
            {
                if (data.Weights[j] == 0) continue;
                states[depth].CopyTo(states[depth + 1], 0);
                sgd.StepOn(states[depth + 1], j);
                sum += Walk(depth + 1, weight * data.Weights[j]);
            }
            return sum;
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ADivergingLaneGroupReportsWhatTheScalarFlowReports(SimdWidth width)
    {
        // The linear unit's mean-field ODE with h = α = 3 explodes (Heun far outside its stability region); every path is
        // the same (no noise), so the scalar ensemble and the lanes both stop at path 0, at the same step and coordinate.
        double[] nodes = [-Math.Sqrt(3), 0, Math.Sqrt(3)];
        var atoms = nodes.SelectMany(a => nodes.SelectMany(b => new[] { a, b, 0.5 * a })).ToArray();
        var data = MeanFieldData.FromAtoms<LinearUnit>(atoms, [.. Enumerable.Repeat(1.0 / 9, 9)]);
        double[] x0 = [1, 1, 2, 0];
        var noise = new FineBrownianPaths(1, antithetic: false, 0, 9, 1, data.Count, threads: 1);
        var flow = new FlowRun(MeanFieldFlowKind.MeanFieldOde, 3.0, 1, 1);
        var scalar = Divergence(() => MeanFieldSimulation.RunEnsemble(
            () => new MeanFieldFlow<LinearUnit>(data, 2, MeanFieldFlowKind.MeanFieldOde, 3.0, 1), x0, 9, 3.0 * 5000, [MeasureObservable.Mean(2, 0)], 1, 1));
        var lanes = Divergence(() =>
            PathLaneEnsemble.Run<LinearUnit>(data, x0, flow, 9, 0, 3.0 * 5000, [MeasureObservable.Mean(2, 0)], noise, 1, width));
        Assert.True(scalar.Step > 1);
        Assert.Equal((scalar.Step, scalar.Path, scalar.Point, scalar.Coordinate, scalar.Time), (lanes.Step, lanes.Path, lanes.Point, lanes.Coordinate, lanes.Time));
        Assert.Equal(scalar.Message, lanes.Message);
    }

    /// <summary>The divergence an ensemble throws (Parallel.For wraps it, as it does in the scalar ensemble).</summary>
    private static DivergenceException Divergence(Action run)
    {
        var e = Assert.Throws<AggregateException>(run);
        return Assert.IsType<DivergenceException>(Assert.Single(e.Flatten().InnerExceptions));
    }

    public static TheoryData<SimdWidth> Widths()
    {
        var widths = new TheoryData<SimdWidth>();
        foreach (var width in SimdWidths.Supported) widths.Add(width);
        return widths;
    }

    /// <summary>The tanh unit's generated model (with feature lanes) on four atoms.</summary>
    private static MeanFieldData TanhData() =>
        MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1, 0.3, 0.8, -1.2, -0.5], [0.1, 0.2, 0.3, 0.4]);

    /// <summary>One observable per coordinate, so the ensembles return whole final configurations.</summary>
    private static MeasureObservable[] Coordinates(int length) =>
        [.. Enumerable.Range(0, length).Select(c => new MeasureObservable($"x[{c}]", x => x[c]))];

    private static void AssertSameBits(double[,] expected, double[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var p = 0; p < expected.GetLength(0); p++)
            for (var c = 0; c < expected.GetLength(1); c++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[p, c]) == BitConverter.DoubleToInt64Bits(actual[p, c]),
                    $"path {p}, coordinate {c}: scalar {expected[p, c]:R}, lanes {actual[p, c]:R}");
    }
}
