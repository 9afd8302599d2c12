using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The vectorised kernels: the kept gradients change no number (an evaluator that recomputes ∇Φ in every pass gives the
/// same bits), and the fixed-lane sums agree with plain sums.
/// </summary>
public sealed class MeanFieldVectorisationTests
{
    [Theory]
    [InlineData(5, 1)]
    [InlineData(70, 2)]
    public void KeptGradientsGiveTheSameBitsAsRecomputedOnes(int n, int threads)
    {
        var data = MeanFieldTestData.TanhAtoms();
        var kept = Passes(new MeanFieldEvaluator<TanhUnitByHand>(data, n, threads), n);
        var recomputed = Passes(new MeanFieldEvaluator<TanhUnitByHand>(data, n, threads, gradientCacheLimit: 0), n);
        Assert.Equal(recomputed.Length, kept.Length);
        for (var i = 0; i < kept.Length; i++) Assert.Equal(recomputed[i], kept[i]);
    }

    /// <summary>Drift, noise, an SGD step, then V and M at the moved configuration: every number, concatenated.</summary>
    private static double[][] Passes(MeanFieldEvaluator<TanhUnitByHand> evaluator, int n)
    {
        var x = MeanFieldTestData.TanhParticles(n);
        var drift = new double[2 * n];
        evaluator.Drift(x, 0.1, corrected: true, drift);
        var noise = new double[2 * n];
        evaluator.NoiseIncrement(x, [0.3, -1.2, 0.7, 2.1], 0.25, noise);
        evaluator.SgdStep(x, 1, 0.1);
        evaluator.ComputeResidualsAndField(x);
        evaluator.ComputeCorrectionTerms(x);
        return [drift, noise, (double[])x.Clone(), evaluator.Field.ToArray(), evaluator.MeasureTerm.ToArray(), evaluator.SpatialTerm.ToArray()];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(33)]
    public void LaneSumsAgreeWithPlainSums(int length)
    {
        var a = Enumerable.Range(0, length).Select(i => Math.Sin(1.7 * i + 0.3)).ToArray();
        var b = Enumerable.Range(0, length).Select(i => Math.Cos(0.9 * i - 0.1)).ToArray();
        var scale = a.Sum(Math.Abs) + 1;
        Assert.Equal(a.Sum(), LaneSums.Sum(a), 1e-15 * scale);
        Assert.Equal(a.Zip(b, (u, v) => u * v).Sum(), LaneSums.Dot(a, b), 1e-15 * scale);
        // Integers are summed exactly in any order.
        var integers = Enumerable.Range(1, length).Select(i => (double)i).ToArray();
        Assert.Equal(length * (length + 1) / 2.0, LaneSums.Sum(integers));
    }
}
