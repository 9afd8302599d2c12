using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace FlowDsl.Benchmarks;

/// <summary>
/// Runs each benchmark method with a stopwatch in interleaved rounds (every variant once per round, the order reversed
/// every other round, so a change of machine load hits all variants alike) and prints particle-steps/s from the median
/// round, wall and process CPU time, and each variant's ratio to the baseline per round: median and min–max.
/// </summary>
internal static class QuickCheck
{
    private const int Rounds = 9;
    private const double SecondsPerSample = 0.15; // repetitions per sample: CPU-time ticks and timer noise stay below 1 %

    /// <summary>
    /// Runs the workloads whose title contains <paramref name="filter"/> (all when empty), each with the baseline and the
    /// variants whose description contains <paramref name="variants"/> (all when empty).
    /// </summary>
    public static void Run(string filter = "", string variants = "")
    {
        _variants = variants;
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

    private static string _variants = "";

    private static void Time(object benchmarks, string title, double work)
    {
        benchmarks.GetType().GetMethod("Setup")!.Invoke(benchmarks, null);
        Console.WriteLine($"{title} ({Rounds} interleaved rounds; load average {LoadAverage()})");
        var methods = benchmarks.GetType().GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is { } b && !m.Name.StartsWith("GeneratedSpan", StringComparison.Ordinal)
                && (b.Baseline || (b.Description ?? "").Contains(_variants, StringComparison.OrdinalIgnoreCase))).ToList();
        var actions = methods.Select(m => m.CreateDelegate<Action>(benchmarks)).ToList();
        var baseline = Math.Max(0, methods.FindIndex(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline));
        // Warm-up past tier-0, and the repetitions that make a sample last about SecondsPerSample.
        var repetitions = actions.Select(action =>
        {
            var watch = Stopwatch.StartNew();
            var count = 0;
            while (watch.Elapsed.TotalSeconds < 0.6) { action(); count++; }
            return Math.Max(1, (int)(count * SecondsPerSample / watch.Elapsed.TotalSeconds));
        }).ToList();
        var wall = actions.Select(_ => new double[Rounds]).ToList();
        var cpu = actions.Select(_ => new double[Rounds]).ToList();
        for (var r = 0; r < Rounds; r++)
            foreach (var i in r % 2 == 0 ? Enumerable.Range(0, actions.Count) : Enumerable.Range(0, actions.Count).Reverse())
            {
                var cpu0 = ProcessCpuSeconds();
                var watch = Stopwatch.StartNew();
                for (var k = 0; k < repetitions[i]; k++) actions[i]();
                wall[i][r] = watch.Elapsed.TotalSeconds / repetitions[i];
                cpu[i][r] = (ProcessCpuSeconds() - cpu0) / repetitions[i];
            }
        for (var i = 0; i < actions.Count; i++)
        {
            var name = methods[i].GetCustomAttribute<BenchmarkAttribute>()!.Description;
            var line = $"  {name,-50} {work / Median(wall[i]) / 1e9,8:F3} G particle-steps/s (CPU time: {work / Median(cpu[i]) / 1e9:F3})";
            if (i != baseline)
            {
                // Per round: baseline time / variant time (> 1: the variant is faster), from wall and from CPU time.
                var wallRatios = Enumerable.Range(0, Rounds).Select(r => wall[baseline][r] / wall[i][r]).ToArray();
                var cpuRatios = Enumerable.Range(0, Rounds).Select(r => cpu[baseline][r] / cpu[i][r]).ToArray();
                line += $"; ×baseline: wall {Median(wallRatios):F3} ({wallRatios.Min():F3}–{wallRatios.Max():F3}), CPU {Median(cpuRatios):F3} ({cpuRatios.Min():F3}–{cpuRatios.Max():F3})";
            }
            Console.WriteLine(line);
        }
    }

    internal static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    /// <summary>The process's CPU time in seconds: clock_gettime(CLOCK_PROCESS_CPUTIME_ID) on Linux (ns), else <see cref="Process.TotalProcessorTime"/>.</summary>
    internal static double ProcessCpuSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuClock, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private const int ProcessCpuClock = 2; // CLOCK_PROCESS_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
