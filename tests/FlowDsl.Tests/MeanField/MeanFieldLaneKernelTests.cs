using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Models.ByHand;
using FlowDsl.Simd;
using Xunit.Abstractions;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The mean-field sums through the generated feature lanes (<see cref="ILaneFeatureModel{TLanes}"/>): the same bits at
/// every SIMD width, thread count and with or without kept gradients, and the same numbers as the span kernels up to
/// rounding.
/// </summary>
public sealed class MeanFieldLaneKernelTests(ITestOutputHelper output)
{
    /// <summary>
    /// Lane path against span path, relative to the largest entry of each output. The two differ only in how Φ, ∇Φ and
    /// ∇²Φ·v round (the lanes inline tanh to ≤ 3 ulp and group products differently), a few 10⁻¹⁶ per term; each output
    /// sums N·n such terms, so the difference is ≲ √(N·n)·10⁻¹⁵ ≈ 10⁻¹⁴ at worst (measured: 2·10⁻¹⁷ … 6·10⁻¹⁶).
    /// 10⁻¹² leaves a factor ≥ 100 over that bound and still catches any wrong term (a wrong unit call moves an output
    /// by 10⁻³ or more).
    /// </summary>
    private const double Tolerance = 1e-12;

    /// <summary>n and threads: tails of 5 (Vector512) and 1 (Vector256) particles in the last block; three blocks on two threads.</summary>
    public static TheoryData<int, int> Sizes => new() { { 45, 1 }, { 70, 2 } };

    [Fact]
    public void ModelsWithFeatureLanesUseThemAndOtherModelsTheSpanKernels()
    {
        var data = TanhData();
        Assert.Equal(SimdWidths.Best, new MeanFieldEvaluator<TanhUnit>(data, 3).LaneWidth);
        Assert.Equal(SimdWidths.Best, new MeanFieldEvaluator<TeacherStudent>(TeacherData(), 3).LaneWidth);
        Assert.Null(new MeanFieldEvaluator<TanhUnitByHand>(data, 3).LaneWidth);
        Assert.Null(new MeanFieldEvaluator<TanhUnit>(data, 3, 1, UnitKernelOptions.Span).LaneWidth);
        foreach (var width in SimdWidths.Supported)
            Assert.Equal(width, new MeanFieldEvaluator<TanhUnit>(data, 3, 1, new UnitKernelOptions(width)).LaneWidth);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TanhUnitGivesTheScalarBitsAtEveryWidthThreadCountAndGradientCache(int n, int threads) =>
        SameBitsEverywhere<TanhUnit>(TanhData(), n, threads);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TeacherStudentGivesTheScalarBitsAtEveryWidthThreadCountAndGradientCache(int n, int threads) =>
        SameBitsEverywhere<TeacherStudent>(TeacherData(), n, threads);

    [Fact]
    public void TanhUnitLanesAgreeWithTheSpanKernels() => AgreesWithSpanKernels<TanhUnit>(TanhData(), 45);

    [Fact]
    public void TeacherStudentLanesAgreeWithTheSpanKernels() => AgreesWithSpanKernels<TeacherStudent>(TeacherData(), 45);

    [Fact]
    public void SteppersGiveTheSameStateAtEveryWidthAndThreadCount()
    {
        const int n = 45;
        var data = TeacherData();
        double[] Run(UnitKernelOptions kernels, int threads)
        {
            var state = Configuration(n, TeacherStudent.D + 2);
            var flow = new MeanFieldFlow<TeacherStudent>(data, n, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 2, threads, kernels);
            MeanFieldSimulation.Run(flow, state, 0.2, seed: 7, path: 3);
            MeanFieldSimulation.Run(new ParticleSgd<TeacherStudent>(data, n, 0.1, threads, kernels), state, 0.5, seed: 7, path: 3);
            return state;
        }
        var reference = Run(new UnitKernelOptions(SimdWidth.Scalar), 1);
        foreach (var width in SimdWidths.Supported)
            foreach (var threads in new[] { 1, 2 })
                AssertBitwise([reference], [Run(new UnitKernelOptions(width), threads)], $"{width}, {threads} threads");
        var span = Run(UnitKernelOptions.Span, 1);
        Assert.True(RelativeDifference(span, reference) <= Tolerance, $"lanes vs span kernels after the run: {RelativeDifference(span, reference):E2}");
    }

    private static void SameBitsEverywhere<TModel>(MeanFieldData data, int n, int threads) where TModel : IMeanFieldModel
    {
        var x = Configuration(n, TModel.Layout.ParameterCount);
        var xi = Xi(data.Count);
        var reference = MeanFieldPasses.Run(new MeanFieldEvaluator<TModel>(data, n, 1, new UnitKernelOptions(SimdWidth.Scalar)), x, xi);
        foreach (var width in SimdWidths.Supported)
            foreach (var cache in new[] { MeanFieldEvaluator<TModel>.DefaultGradientCacheLimit, 0 })
            {
                var evaluator = new MeanFieldEvaluator<TModel>(data, n, threads, cache, new UnitKernelOptions(width));
                AssertBitwise(reference, MeanFieldPasses.Run(evaluator, x, xi), $"{TModel.Name}, {width}, {threads} threads, cache limit {cache}");
            }
    }

    private void AgreesWithSpanKernels<TModel>(MeanFieldData data, int n) where TModel : IMeanFieldModel
    {
        var x = Configuration(n, TModel.Layout.ParameterCount);
        var xi = Xi(data.Count);
        var lanes = MeanFieldPasses.Run(new MeanFieldEvaluator<TModel>(data, n), x, xi);
        var span = MeanFieldPasses.Run(new MeanFieldEvaluator<TModel>(data, n, 1, UnitKernelOptions.Span), x, xi);
        for (var o = 0; o < span.Length; o++)
        {
            var difference = RelativeDifference(span[o], lanes[o]);
            output.WriteLine($"{TModel.Name} {MeanFieldPasses.Names[o]}: max |lanes − span| / max |span| = {difference:E2}");
            Assert.True(difference <= Tolerance, $"{TModel.Name} {MeanFieldPasses.Names[o]}: lanes differ from the span kernels by {difference:E2} (relative)");
        }
    }

    private static double RelativeDifference(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var (scale, difference) = (0.0, 0.0);
        for (var i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            difference = Math.Max(difference, Math.Abs(expected[i] - actual[i]));
        }
        Assert.True(scale > 0, "an output is identically zero: the comparison would say nothing");
        return difference / scale;
    }

    private static void AssertBitwise(double[][] expected, double[][] actual, string configuration)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var o = 0; o < expected.Length; o++)
            for (var i = 0; i < expected[o].Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[o][i]) == BitConverter.DoubleToInt64Bits(actual[o][i]),
                    $"{configuration}: output {o} ({(expected.Length == MeanFieldPasses.Names.Length ? MeanFieldPasses.Names[o] : "state")}) entry {i}: {actual[o][i]:R}, scalar width {expected[o][i]:R}");
    }

    /// <summary>N = 12 atoms in ℝ² with unequal weights.</summary>
    private static MeanFieldData TanhData() =>
        MeanFieldData.FromAtoms<TanhUnit>(
            [.. Enumerable.Range(0, 12).SelectMany(j => new[] { 1.1 * Math.Sin(1.3 * j + 0.2), Math.Cos(0.7 * j) })],
            [.. Enumerable.Range(1, 12).Select(j => j / 78.0)]);

    /// <summary>N = 16 atoms drawn from the model's law N(0, I₈).</summary>
    private static MeanFieldData TeacherData() => MeanFieldData.FromSample<TeacherStudent>(Law.Normal(TeacherStudent.D), 16, seed: 5);

    private static double[] Configuration(int n, int d) => [.. Enumerable.Range(0, n * d).Select(i => 0.7 * Math.Sin(1.37 * i + 0.3))];

    private static double[] Xi(int count) => [.. Enumerable.Range(0, count).Select(j => Math.Sin(3.1 * j + 0.4))];
}
