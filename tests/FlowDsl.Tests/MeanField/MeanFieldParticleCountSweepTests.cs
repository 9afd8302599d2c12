using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Simd;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The mean-field sums through the generated feature lanes at every particle count n = 1…256 (lone tails, partial and
/// full tiles of each width; blocks split across two threads at the widest width) against the span kernels, one call
/// per particle: every number of a DD-SMF step, an M1 noise factor and an SGD step (<see cref="MeanFieldPasses"/>)
/// agrees to 1e-12 relative to the output's largest entry (the bound argued in <see cref="MeanFieldLaneKernelTests"/>).
/// </summary>
public sealed class MeanFieldParticleCountSweepTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Feature_lanes_match_the_span_kernels_for_every_particle_count_up_to_256()
    {
        // N = 5 atoms in ℝ² with unequal weights; positions depend on the particle only, so every n sees the same particles.
        var data = MeanFieldData.FromAtoms<TanhUnit>(
            [.. Enumerable.Range(0, 5).SelectMany(j => new[] { 0.9 * Math.Sin(1.9 * j + 0.5), Math.Cos(1.1 * j) })],
            [0.1, 0.15, 0.2, 0.25, 0.3]);
        double[] xi = [0.3, -1.1, 0.7, 1.6, -0.4];
        for (var n = 1; n <= 256; n++)
        {
            var x = Enumerable.Range(0, 2 * n).Select(k => 0.8 * Math.Sin(1.37 * k + 0.3)).ToArray();
            var span = MeanFieldPasses.Run(new MeanFieldEvaluator<TanhUnit>(data, n, 1, UnitKernelOptions.Span), x, xi);
            foreach (var (width, threads) in SimdWidths.Supported.Select(w => (w, 1)).Append((SimdWidths.Best, 2)))
                {
                    var lanes = MeanFieldPasses.Run(new MeanFieldEvaluator<TanhUnit>(data, n, threads, new UnitKernelOptions(width)), x, xi);
                    for (var o = 0; o < span.Length; o++)
                    {
                        var scale = span[o].Max(Math.Abs);
                        var difference = span[o].Zip(lanes[o], (a, b) => Math.Abs(a - b)).Max();
                        Assert.True(scale > 0 && difference <= Tolerance * scale,
                            $"n = {n}, {width}, {threads} threads, {MeanFieldPasses.Names[o]}: lanes differ from the span kernels by {difference:E2} (scale {scale:E2})");
                    }
                }
        }
    }
}
