using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Speed relative to the baseline (the hand-tuned AVX-512 kernel) = baseline median / this median; ≥ 0.8 meets P1/P2.</summary>
public sealed class SpeedVsBaselineColumn : IColumn
{
    public string Id => nameof(SpeedVsBaselineColumn);
    public string ColumnName => "Speed/hand";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Throughput relative to the hand-tuned AVX-512 baseline of the same parameters (higher is faster)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var mine = summary[benchmarkCase]?.ResultStatistics?.Median;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (mine is null or <= 0 || reference is null) return "NA";
        return (reference.Value / mine.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }
}
