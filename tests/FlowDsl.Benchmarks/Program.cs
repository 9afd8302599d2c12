using BenchmarkDotNet.Running;
using FlowDsl.Benchmarks;

// `dotnet run -c Release -- quick [workload] [variant]` times the variants in this process in interleaved rounds and prints
// their ratios to the baseline (e.g. `quick d=8 "lane step → FusedEnsemble"`); `quick fma-bound`: SGD d = 8 in cycles per
// particle-step against the FMA bound;
// anything else goes to BenchmarkDotNet, e.g. `-- --filter '*' --job short`.
if (args is ["quick", "means"])
{
    MeanProfile.Run();
    return;
}
if (args is ["quick", "fma-bound"])
{
    FmaBound.Run();
    return;
}
if (args is ["quick", ..])
{
    QuickCheck.Run(args.Length > 1 ? args[1] : "", args.Length > 2 ? args[2] : "");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
