using BenchmarkDotNet.Running;
using FlowDsl.Benchmarks;

// `dotnet run -c Release -- quick` times every variant once in this process (a smoke check, not a measurement);
// anything else goes to BenchmarkDotNet, e.g. `-- --filter '*' --job short`.
if (args is ["quick", ..])
{
    QuickCheck.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
