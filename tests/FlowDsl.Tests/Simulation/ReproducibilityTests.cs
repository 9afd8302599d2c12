using System.Diagnostics;

namespace FlowDsl.Tests.Simulation;

/// <summary>Same seed ⇒ bit-identical results for 1 and 2 threads, and with AVX-512 turned off.</summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public void OneAndTwoThreadsGiveIdenticalBits() =>
        Assert.Equal(ReproducibilityProbe.Checksum(1), ReproducibilityProbe.Checksum(2));

    [Fact]
    public async Task ResultsAreIdenticalWithAvx512Disabled()
    {
        // The probe runs again in a child process of the test assembly itself (its entry point is ReproducibilityProbe.Main)
        // with DOTNET_EnableAVX512F=0, which changes the JIT's instruction selection; the checksum must not change.
        var assembly = typeof(ReproducibilityProbe).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.ChangeExtension(assembly, ".runtimeconfig.json"),
                     "--depsfile", Path.ChangeExtension(assembly, ".deps.json"), assembly, "checksum", "2" })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_EnableAVX512F"] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"The child process failed ({child.ExitCode}): {await stderr}");
        Assert.Equal(ReproducibilityProbe.Checksum(1), (await stdout).Trim());
    }
}
