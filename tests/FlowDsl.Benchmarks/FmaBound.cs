using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlowDsl.Benchmarks.Baselines;
using FlowDsl.Benchmarks.Models;
using FlowDsl.Fused;
using FlowDsl.Random;

namespace FlowDsl.Benchmarks;

/// <summary>
/// SGD d = 8 (½|x − θ|², 131 072 particles × 256 steps) against the FMA bound: one 512-bit FMA updates one coordinate of 8
/// particles, so a particle-step needs at least one FMA cycle on a core that retires one such FMA per cycle (Zen 4). Prints
/// the core clock (from dependent chains of known latency), and per kernel the CPU time of one call without the state copy
/// the benchmark includes, as cycles per particle-step: the hand-tuned kernel, the generated step in
/// <see cref="FusedEnsemble"/>, and the same 16 FMAs per step on registers only (no loads, stores or broadcasts).
/// </summary>
internal static class FmaBound
{
    private const int D = 8, Particles = 131_072, Steps = 256, Rounds = 9;
    private const double α = 0.05;

    public static void Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("fma-bound: needs 512-bit vectors (AVX-512).");
            return;
        }
        var thetas = new double[Steps * D];
        CounterNormals.Fill(seed: 1, path: 0, step: 0, stream: 0, thetas);
        var state = new double[D * Particles];
        CounterNormals.Fill(seed: 1, path: 0, step: 0, stream: 1, state);
        var kernels = new (string Name, Action Call)[]
        {
            ("hand-tuned AVX-512 (QuadraticSgd8)", () => HandTunedAvx512Kernels.QuadraticSgd8(state, α, thetas, Steps)),
            ("generated lane step → FusedEnsemble", () => FusedEnsemble.Run<QuadraticD8.SgdLaneStep>(state, Particles, [α], thetas, Steps)),
            ("FMA bound: 16 FMAs per step on registers", () => RegisterFmas(Particles / 16, Steps)),
        };
        var clocks = new List<double>();
        var times = kernels.Select(_ => new List<double>()).ToArray();
        foreach (var (_, call) in kernels) call(); // past tier 0
        for (var r = 0; r < Rounds; r++)
        {
            clocks.Add(ClockGHz());
            for (var i = 0; i < kernels.Length; i++)
            {
                var k = r % 2 == 0 ? i : kernels.Length - 1 - i;
                const int Calls = 10;
                var cpu0 = QuickCheck.ProcessCpuSeconds();
                for (var c = 0; c < Calls; c++) kernels[k].Call();
                times[k].Add((QuickCheck.ProcessCpuSeconds() - cpu0) / Calls);
            }
        }
        var ghz = QuickCheck.Median([.. clocks]);
        Console.WriteLine($"SGD d=8 against the FMA bound ({Rounds} interleaved rounds, CPU time per call without the state copy; load average {QuickCheck.LoadAverage()})");
        Console.WriteLine($"  core clock {ghz:F3} GHz (median; dependent scalar FMA chain, 4 cycles per FMA assumed; range {clocks.Min():F3}–{clocks.Max():F3})");
        const double work = (double)Particles * Steps;
        for (var i = 0; i < kernels.Length; i++)
        {
            var t = QuickCheck.Median([.. times[i]]);
            Console.WriteLine($"  {kernels[i].Name,-45} {t * 1e3,7:F3} ms  {work / t / 1e9,6:F3} G particle-steps/s  {t * ghz * 1e9 / work,6:F3} cycles per particle-step");
        }
    }

    /// <summary>Core clock in GHz from a chain of dependent scalar FMAs (latency 4 cycles on Zen 4 and recent Intel cores).</summary>
    private static double ClockGHz()
    {
        const int n = 20_000_000;
        var cpu0 = QuickCheck.ProcessCpuSeconds();
        var x = FmaChain(n, 1.0000001);
        var seconds = QuickCheck.ProcessCpuSeconds() - cpu0;
        GC.KeepAlive(x);
        return 4.0 * 8 * n / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double FmaChain(int n, double a)
    {
        var x = 1.0;
        for (var i = 0; i < n; i++)
        {
            x = Math.FusedMultiplyAdd(x, a, 1e-9); x = Math.FusedMultiplyAdd(x, a, 1e-9);
            x = Math.FusedMultiplyAdd(x, a, 1e-9); x = Math.FusedMultiplyAdd(x, a, 1e-9);
            x = Math.FusedMultiplyAdd(x, a, 1e-9); x = Math.FusedMultiplyAdd(x, a, 1e-9);
            x = Math.FusedMultiplyAdd(x, a, 1e-9); x = Math.FusedMultiplyAdd(x, a, 1e-9);
        }
        return x;
    }

    /// <summary>
    /// The kernel's arithmetic alone: per group of 16 particles and step, 16 independent 512-bit FMAs on registers with
    /// the constants held in registers (no loads, stores or broadcasts).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double RegisterFmas(int groups, int steps)
    {
        var keep = Vector512.Create(1 - α);
        var u = Vector512.Create(α * 0.5);
        var sum = Vector512<double>.Zero;
        for (var g = 0; g < groups; g++)
        {
            var start = Vector512.Create((double)g);
            Vector512<double> a0 = start, a1 = start, a2 = start, a3 = start, a4 = start, a5 = start, a6 = start, a7 = start;
            Vector512<double> b0 = start, b1 = start, b2 = start, b3 = start, b4 = start, b5 = start, b6 = start, b7 = start;
            for (var s = 0; s < steps; s++)
            {
                a0 = Vector512.FusedMultiplyAdd(a0, keep, u); b0 = Vector512.FusedMultiplyAdd(b0, keep, u);
                a1 = Vector512.FusedMultiplyAdd(a1, keep, u); b1 = Vector512.FusedMultiplyAdd(b1, keep, u);
                a2 = Vector512.FusedMultiplyAdd(a2, keep, u); b2 = Vector512.FusedMultiplyAdd(b2, keep, u);
                a3 = Vector512.FusedMultiplyAdd(a3, keep, u); b3 = Vector512.FusedMultiplyAdd(b3, keep, u);
                a4 = Vector512.FusedMultiplyAdd(a4, keep, u); b4 = Vector512.FusedMultiplyAdd(b4, keep, u);
                a5 = Vector512.FusedMultiplyAdd(a5, keep, u); b5 = Vector512.FusedMultiplyAdd(b5, keep, u);
                a6 = Vector512.FusedMultiplyAdd(a6, keep, u); b6 = Vector512.FusedMultiplyAdd(b6, keep, u);
                a7 = Vector512.FusedMultiplyAdd(a7, keep, u); b7 = Vector512.FusedMultiplyAdd(b7, keep, u);
            }
            sum += a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7;
        }
        return Vector512.Sum(sum);
    }
}
