using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Cost relative to the baseline of the same category = this median / baseline median (≤ 1.25: the step costs at most 25 % more than its normals).</summary>
public sealed class CostVsBaselineColumn() : NumericColumn("Cost/normals",
    "Time relative to drawing the same normals alone through the same driver (the category's baseline; lower is cheaper)", 1)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var mine = summary[benchmarkCase]?.ResultStatistics?.Median;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (mine is null or <= 0 || reference is null) return "NA";
        return (mine.Value / reference.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }
}
