using FlowDsl.Benchmarks.Mnist;
using FlowDsl.Mnist.Bridge;
using FlowDsl.Mnist.Training;
using FlowDsl.Models;

namespace FlowDsl.Mnist;

/// <summary>
/// `costs`: generated vs hand-written kernels in one process, interleaved, timed as thread CPU time (robust on a busy
/// machine): value, gradient and HVP per sample, and one single-threaded SGD step of the trainer on a minibatch of 16,
/// the training batch (BENCHMARKS.md P4, P5). BenchmarkDotNet (tests/FlowDsl.Benchmarks, filter *Mnist*) measures the same in wall time.
/// </summary>
public static class CostsCommand
{
    private const int Batch = 16;

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(CommandLine args)
    {
        var rounds = args.Get("rounds", 5);
        var dataFolder = args.Get("data", MnistData.DefaultFolder);
        args.ThrowOnUnknown();
        var data = MnistData.Load(dataFolder);
        Console.WriteLine($"per-sample kernel cost (µs, thread CPU time, median) and one SGD step on B = {Batch} (1 thread):");
        Console.WriteLine("  model                         value   gradient      HVP   grad/value  HVP/value   SGD step (ms)   steps/s");
        Compare<MnistMlp, HandWrittenMlp<Mlp16x16>>(data, rounds);
        Compare<MnistMlpWide, HandWrittenMlp<Mlp64x32>>(data, rounds);
        return 0;
    }

    private static void Compare<TGenerated, THand>(MnistData data, int rounds) where TGenerated : IRiskModel, IAccumulatingGradient where THand : IRiskModel, IAccumulatingGradient
    {
        var length = TGenerated.Layout.DataCount;
        var batch = Enumerable.Range(0, Batch).Select(i => data.Train.AsSpan(i * length, length).ToArray()).ToArray();
        var x = new double[TGenerated.Layout.ParameterCount];
        ParameterInitializer.Initialize(TGenerated.Layout, 1, x);
        var v = x.Reverse().ToArray();
        // Alternate the two implementations round by round so load changes hit both alike; keep the best of each kernel.
        var (gen, hand) = (new List<KernelCosts>(), new List<KernelCosts>());
        var (genStep, handStep) = (new List<double>(), new List<double>());
        for (var r = 0; r < rounds; r++)
        {
            gen.Add(KernelCosts.Measure<TGenerated>(x, v, batch));
            hand.Add(KernelCosts.Measure<THand>(x, v, batch));
            genStep.Add(StepSeconds<TGenerated>(data.Train, x));
            handStep.Add(StepSeconds<THand>(data.Train, x));
        }
        var g = Median(gen);
        var h = Median(hand);
        Print(TGenerated.Name + " (generated)", g, genStep.Order().ElementAt(rounds / 2));
        Print(THand.Name, h, handStep.Order().ElementAt(rounds / 2));
        Console.WriteLine($"  → generated/hand-written throughput: SGD step {handStep.Order().ElementAt(rounds / 2) / genStep.Order().ElementAt(rounds / 2):F2}×, " +
                          $"gradient {h.GradientSeconds / g.GradientSeconds:F2}×, HVP {h.HvpSeconds / g.HvpSeconds:F2}×, value {h.ValueSeconds / g.ValueSeconds:F2}×");
    }

    private static KernelCosts Median(List<KernelCosts> costs) => new(
        costs.Select(c => c.ValueSeconds).Order().ElementAt(costs.Count / 2),
        costs.Select(c => c.GradientSeconds).Order().ElementAt(costs.Count / 2),
        costs.Select(c => c.HvpSeconds).Order().ElementAt(costs.Count / 2));

    private static void Print(string name, KernelCosts c, double step) =>
        Console.WriteLine($"  {name,-28} {1e6 * c.ValueSeconds,7:F2} {1e6 * c.GradientSeconds,9:F2} {1e6 * c.HvpSeconds,8:F2} " +
                          $"{c.GradientSeconds / c.ValueSeconds,11:F2} {c.HvpSeconds / c.ValueSeconds,10:F2} {1e3 * step,13:F3} {1 / step,9:F0}");

    /// <summary>Thread CPU seconds of one minibatch SGD step of the trainer (one thread), median of 41 after warm-up.</summary>
    private static double StepSeconds<TModel>(double[] train, double[] x0) where TModel : IRiskModel, IAccumulatingGradient
    {
        var minibatch = new MinibatchGradient<TModel>(train, Batch, threads: 1);
        var x = (double[])x0.Clone();
        var indices = Enumerable.Range(0, Batch).Select(i => (i * 2477) % minibatch.SampleCount).ToArray();
        var times = new List<double>();
        for (var k = 0; k < 61; k++)
        {
            var start = ThreadCpuClock.Seconds();
            minibatch.Descend(x, indices, 1e-12);
            if (k >= 20) times.Add(ThreadCpuClock.Seconds() - start);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
