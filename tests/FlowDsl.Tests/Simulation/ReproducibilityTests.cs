using System.Diagnostics;
using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// Same seed ⇒ bit-identical results for 1 and 2 threads, and with AVX-512 turned off. These tests are part of
/// <c>dotnet test FlowDsl.sln -c Release</c>, the command CI runs (.ci/run), so CI runs the AVX-512-off probe.
/// </summary>
public sealed class ReproducibilityTests
{
    /// <summary>The switch that turns AVX-512 off on .NET 10 (<c>DOTNET_EnableAVX512F</c>, the .NET 8 name, is ignored there).</summary>
    private const string Avx512Off = "DOTNET_EnableAVX512";

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalBits() =>
        Assert.Equal(ReproducibilityProbe.Checksum(1), ReproducibilityProbe.Checksum(2));

    [Fact]
    public async Task The_switch_really_turns_AVX512_off_in_the_child()
    {
        // Without this check a renamed or ignored variable would make the probe below compare AVX-512 with itself.
        var width = await RunProbe("width");
        Assert.Equal(Vector512.IsHardwareAccelerated ? nameof(SimdWidth.Vector256) : SimdWidths.Best.ToString(), width);
    }

    [Fact]
    public async Task ResultsAreIdenticalWithAvx512Disabled() =>
        // The probe runs again in a child process of the test assembly itself (its entry point is ReproducibilityProbe.Main)
        // with AVX-512 off, which changes the JIT's instruction selection and the lane width; the checksum must not change.
        Assert.Equal(ReproducibilityProbe.Checksum(1), await RunProbe("checksum", "2"));

    private static async Task<string> RunProbe(params string[] args)
    {
        var assembly = typeof(ReproducibilityProbe).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.ChangeExtension(assembly, ".runtimeconfig.json"),
                     "--depsfile", Path.ChangeExtension(assembly, ".deps.json"), assembly }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment[Avx512Off] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"The child process failed ({child.ExitCode}): {await stderr}");
        return (await stdout).Trim();
    }
}
