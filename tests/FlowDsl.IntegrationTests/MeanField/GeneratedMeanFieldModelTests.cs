using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Models.ByHand;

namespace FlowDsl.IntegrationTests.MeanField;

/// <summary>
/// The generated <see cref="IMeanFieldModel"/> implementations run through the mean-field kernels give the same
/// residuals, DD-SMF drift (hence V, M, JV) and cylindrical noise as the hand-differentiated reference units.
/// </summary>
public sealed class GeneratedMeanFieldModelTests
{
    [Fact]
    public void TanhUnitMatchesTheHandWrittenUnit() =>
        AssertSameKernels<TanhUnit, TanhUnitByHand>(
            MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1, 0.3, 0.8], [0.2, 0.3, 0.5]), Configuration(7, 2));

    [Fact]
    public void LinearUnitMatchesTheHandWrittenUnit() =>
        AssertSameKernels<LinearUnit, LinearUnitByHand>(
            MeanFieldData.FromAtoms<LinearUnit>([1.2, -0.3, 0.1, -0.5, 0.7, -0.2], [0.5, 0.5]), Configuration(5, 2));

    [Fact]
    public void TeacherStudentMatchesTheHandWrittenUnit() =>
        AssertSameKernels<TeacherStudent, TeacherStudentByHand>(
            MeanFieldData.FromSample<TeacherStudent>(Law.Normal(TeacherStudent.D), 24, seed: 5), Configuration(40, 10));

    private static void AssertSameKernels<TGenerated, TByHand>(MeanFieldData data, double[] x)
        where TGenerated : IMeanFieldModel where TByHand : IMeanFieldModel
    {
        var n = x.Length / TGenerated.Layout.ParameterCount;
        var reference = MeanFieldData.FromAtoms<TByHand>(data.Atoms.ToArray(), data.Weights.ToArray());
        Assert.Equal(reference.Targets.ToArray(), data.Targets.ToArray());
        var generated = new MeanFieldEvaluator<TGenerated>(data, n);
        var byHand = new MeanFieldEvaluator<TByHand>(reference, n);
        var (driftA, driftB) = (new double[x.Length], new double[x.Length]);
        generated.Drift(x, 0.1, corrected: true, driftA);
        byHand.Drift(x, 0.1, corrected: true, driftB);
        AssertClose(byHand.Residual, generated.Residual);
        AssertClose(byHand.MeasureTerm, generated.MeasureTerm);
        AssertClose(byHand.SpatialTerm, generated.SpatialTerm);
        AssertClose(driftB, driftA);
        var xi = Enumerable.Range(0, data.Count).Select(j => Math.Sin(3.1 * j + 0.4)).ToArray();
        var (noiseA, noiseB) = (new double[x.Length], new double[x.Length]);
        generated.NoiseIncrement(x, xi, 0.1, noiseA);
        byHand.NoiseIncrement(x, xi, 0.1, noiseB);
        AssertClose(noiseB, noiseA);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        var scale = 0.0;
        foreach (var v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(scale, 1e-300), $"entry {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    private static double[] Configuration(int n, int d) =>
        Enumerable.Range(0, n * d).Select(i => 0.7 * Math.Sin(1.37 * i + 0.3)).ToArray();
}
