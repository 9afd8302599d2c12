using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace FlowDsl.Benchmarks;

/// <summary>Runs each benchmark method a few times with a stopwatch and prints particle-steps/s: a smoke check.</summary>
internal static class QuickCheck
{
    /// <summary>Runs the workloads whose title contains <paramref name="filter"/> (all when empty).</summary>
    public static void Run(string filter = "")
    {
        foreach (var d in new[] { 2, 8 })
            if ($"SGD Quadratic d={d}".Contains(filter, StringComparison.OrdinalIgnoreCase))
                Time(new SgdQuadraticBenchmarks { D = d, Particles = 131_072, Steps = 256 }, $"SGD Quadratic d={d}", 131_072.0 * 256);
        if ("SMF-2 Multiplicative".Contains(filter, StringComparison.OrdinalIgnoreCase))
            Time(new Smf2MultiplicativeBenchmarks { Particles = 131_072, Steps = 256 }, "SMF-2 Multiplicative", 131_072.0 * 256);
        foreach (var atoms in new[] { 64, 1024 })
            if ($"SMF-2 regression N={atoms}".Contains(filter, StringComparison.OrdinalIgnoreCase))
                Time(new Smf2EmpiricalBenchmarks { Atoms = atoms, Particles = 131_072, Steps = 256 }, $"SMF-2 regression, empirical P, N={atoms}", 131_072.0 * 256);
        if ("Lane noise".Contains(filter, StringComparison.OrdinalIgnoreCase))
            Time(new LaneNoiseBenchmarks { Particles = 131_072, Steps = 256 }, "Lane noise (per-particle normals)", 131_072.0 * 256);
        if ("Normal sources".Contains(filter, StringComparison.OrdinalIgnoreCase))
            Time(new NormalSourceBenchmarks { Particles = 131_072, Steps = 256 }, "Normal sources (G normals/s in registers, widest width)", 131_072.0 * 256);
    }

    private static void Time(object benchmarks, string title, double work)
    {
        benchmarks.GetType().GetMethod("Setup")!.Invoke(benchmarks, null);
        Console.WriteLine(title);
        foreach (var method in benchmarks.GetType().GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && !m.Name.StartsWith("GeneratedSpan", StringComparison.Ordinal)))
        {
            var action = method.CreateDelegate<Action>(benchmarks);
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < 0.6) action(); // past tier-0
            // Wall time and process CPU time (on a shared machine the CPU time is the steadier of the two).
            var (best, bestCpu) = (double.MaxValue, double.MaxValue);
            var process = Process.GetCurrentProcess();
            for (var r = 0; r < 5; r++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                watch.Restart();
                action();
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }
            Console.WriteLine($"  {method.GetCustomAttribute<BenchmarkAttribute>()!.Description,-50} {work / best / 1e9,8:F3} G particle-steps/s (CPU time: {work / bestCpu / 1e9:F3})");
        }
    }
}
