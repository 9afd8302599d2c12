using BenchmarkDotNet.Running;
using FlowDsl.Benchmarks;

// `dotnet run -c Release -- quick [smf|sgd]` times the fused variants in this process (a smoke check, not a measurement);
// anything else goes to BenchmarkDotNet, e.g. `-- --filter '*' --job short`.
if (args is ["quick", "means"])
{
    MeanProfile.Run();
    return;
}
if (args is ["quick", ..])
{
    QuickCheck.Run(args.Length > 1 ? args[1] : "");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
