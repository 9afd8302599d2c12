using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Speed relative to the baseline (the hand-tuned AVX-512 kernel) = baseline median / this median; ≥ 0.8 meets P1/P2.</summary>
public sealed class SpeedVsBaselineColumn() : NumericColumn("Speed/hand",
    "Throughput relative to the hand-tuned AVX-512 baseline of the same parameters (higher is faster)", 1)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var mine = summary[benchmarkCase]?.ResultStatistics?.Median;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (mine is null or <= 0 || reference is null) return "NA";
        return (reference.Value / mine.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }
}
