using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowDsl.Benchmarks.MeanField;

/// <summary>The mean-field benchmarks' job: a short run inside this process (no boilerplate project to build).</summary>
public sealed class InProcessShortRunConfig : ManualConfig
{
    /// <summary>One short-run job with the in-process emit toolchain.</summary>
    public InProcessShortRunConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
