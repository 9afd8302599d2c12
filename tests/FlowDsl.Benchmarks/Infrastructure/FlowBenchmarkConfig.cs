using BenchmarkDotNet.Configs;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Adds particle-steps/s and speed-vs-hand-tuned columns; the job comes from the command line (e.g. <c>--job short</c>).</summary>
public sealed class FlowBenchmarkConfig : ManualConfig
{
    public FlowBenchmarkConfig()
    {
        AddColumn(new ParticleStepsColumn(), new SpeedVsBaselineColumn());
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
