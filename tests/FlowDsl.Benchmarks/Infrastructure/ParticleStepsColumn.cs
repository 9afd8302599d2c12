using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Throughput in particle-steps per second (Particles × Steps / median time), from the benchmark's parameters.</summary>
public sealed class ParticleStepsColumn : IColumn
{
    public string Id => nameof(ParticleStepsColumn);
    public string ColumnName => "Gps/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "10⁹ particle-steps per second (median)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (nanoseconds is null or <= 0) return "NA";
        var work = Convert.ToDouble(benchmarkCase.Parameters["Particles"]) * Convert.ToDouble(benchmarkCase.Parameters["Steps"]);
        return (work / nanoseconds.Value).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
    }
}
