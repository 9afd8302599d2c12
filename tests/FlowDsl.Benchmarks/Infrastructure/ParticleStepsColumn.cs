using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Throughput in particle-steps per second (Particles × Steps / median time), from the benchmark's parameters.</summary>
public sealed class ParticleStepsColumn() : NumericColumn("Gps/s", "10⁹ particle-steps per second (median)", 0)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        var names = benchmarkCase.Parameters.Items.Select(item => item.Name).ToHashSet();
        if (nanoseconds is null or <= 0 || !names.Contains("Particles") || !names.Contains("Steps")) return "NA";
        var work = Convert.ToDouble(benchmarkCase.Parameters["Particles"]) * Convert.ToDouble(benchmarkCase.Parameters["Steps"]);
        return (work / nanoseconds.Value).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
    }
}
