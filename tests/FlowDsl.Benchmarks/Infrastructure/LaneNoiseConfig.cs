using BenchmarkDotNet.Configs;

namespace FlowDsl.Benchmarks.Infrastructure;

/// <summary>Particle-steps/s and cost over the category's normals-only baseline; one baseline per category (per K).</summary>
public sealed class LaneNoiseConfig : ManualConfig
{
    public LaneNoiseConfig()
    {
        AddColumn(new ParticleStepsColumn(), new CostVsBaselineColumn());
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
