using System.Diagnostics;
using FlowDsl.Mnist.Bridge;
using FlowDsl.Mnist.Training;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Mnist;

/// <summary>
/// `bridge`: on a partly trained network, (1) the SME-2/SMF-2 drift correction −(α/2)∇²R∇R from Hessian-vector
/// products of the mean risk over a data subsample and its size relative to ∇R; (2) the cost of one HVP relative to one
/// gradient and one value; (3) SGD versus SMF-2 on a short horizon (probe-batch risk, mean ± SE over paths), plotted.
/// </summary>
public static class BridgeCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(CommandLine args)
    {
        var d = new BridgeOptions();
        var options = new BridgeOptions
        {
            PretrainSteps = args.Get("pretrain-steps", d.PretrainSteps),
            Atoms = args.Get("atoms", d.Atoms),
            Alpha = args.Get("alpha", d.Alpha),
            SgdSteps = args.Get("sgd-steps", d.SgdSteps),
            SubSteps = args.Get("substeps", d.SubSteps),
            Paths = args.Get("paths", d.Paths),
            Probes = args.Get("probes", d.Probes),
            Seed = args.GetSeed("seed", d.Seed),
            Threads = args.Get("threads", d.Threads),
        };
        var correctionSamples = args.Get("correction-samples", 1000);
        var width = args.Get("width", "16x16");
        var kernels = args.Get("kernels", "generated");
        var dataFolder = args.Get("data", MnistData.DefaultFolder);
        var output = Path.GetFullPath(args.Get("out", Path.Combine("flowdsl-output", "mnist-bridge")));
        args.ThrowOnUnknown();
        options.Validate();
        var data = MnistData.Load(dataFolder);
        return ModelCatalog.Dispatch(width, kernels, new Action(data, options, correctionSamples, output));
    }

    private sealed class Action(MnistData data, BridgeOptions options, int correctionSamples, string output) : IModelAction<int>
    {
        public int Run<TModel>() where TModel : IRiskModel, IAccumulatingGradient
        {
            var clock = Stopwatch.StartNew();
            var length = TModel.Layout.DataCount;
            double[] Row(double[] set, int i) => set.AsSpan(i * length, length).ToArray();
            var subsample = SeededSubsample(data.TrainCount, Math.Max(options.Atoms, correctionSamples), options.Seed);
            var atoms = subsample.Take(options.Atoms).Select(i => Row(data.Train, i)).ToArray();
            var correctionSet = subsample.Take(correctionSamples).Select(i => Row(data.Train, i)).ToArray();
            var probes = Enumerable.Range(0, Math.Min(options.Probes, data.TestCount)).Select(i => Row(data.Test, i)).ToArray();

            var pretrain = new TrainingOptions { Steps = options.PretrainSteps, Seed = options.Seed, Threads = options.Threads, Evaluations = 1 };
            var init = new double[TModel.Layout.ParameterCount];
            ParameterInitializer.Initialize(TModel.Layout, options.Seed, init);
            var history = SgdTrainer.Train<TModel>(data.Train, data.Test, MnistData.Classes, pretrain);
            var x0 = history.Parameters;
            Console.WriteLine($"model: {TModel.Name}; x0 = {options.PretrainSteps} minibatch SGD steps (α = {pretrain.Alpha}, B = {pretrain.Batch}): " +
                              $"test accuracy {100 * history.Final.TestAccuracy:F2} %");

            var lines = new List<string> { "point,samples,alpha,grad_norm,hess_grad_norm,correction_norm,ratio" };
            foreach (var (name, x) in new[] { ("initialisation", init), ("x0 (partly trained)", x0) })
            {
                var risk = new EmpiricalRisk<TModel>(correctionSet);
                var (g, drift, correction) = (new double[x.Length], new double[x.Length], new double[x.Length]);
                risk.GradientSweep(x, g, default, default);
                risk.Drift(x, g, options.Alpha, drift, correction);
                var (gn, cn) = (Math.Sqrt(FixedOrderReductions.Dot(g, g)), Math.Sqrt(FixedOrderReductions.Dot(correction, correction)));
                Console.WriteLine($"drift correction at {name}, mean risk over {correctionSet.Length} digits, α = {options.Alpha}: " +
                                  $"|∇R| = {gn:G4}, |∇²R∇R| = {2 * cn / options.Alpha:G4}, |−(α/2)∇²R∇R| = {cn:G4}, ratio |correction|/|∇R| = {cn / gn:G4}");
                lines.Add(FormattableString.Invariant($"{name},{correctionSet.Length},{options.Alpha},{gn:R},{2 * cn / options.Alpha:R},{cn:R},{cn / gn:R}"));
            }

            var v = (double[])init.Clone();
            var costs = KernelCosts.Measure<TModel>(x0, v, correctionSet.Take(256).ToArray());
            Console.WriteLine($"kernel cost per sample (1 thread, median): value {1e6 * costs.ValueSeconds:F2} µs, gradient {1e6 * costs.GradientSeconds:F2} µs, " +
                              $"HVP {1e6 * costs.HvpSeconds:F2} µs; gradient/value {costs.GradientSeconds / costs.ValueSeconds:F2}, " +
                              $"HVP/value {costs.HvpSeconds / costs.ValueSeconds:F2}, HVP/gradient {costs.HvpSeconds / costs.GradientSeconds:F2}");

            Console.WriteLine($"SGD (batch 1) vs SMF-2 (SH2, h = α/{options.SubSteps}) over N = {options.Atoms} atoms, α = {options.Alpha}, " +
                              $"{options.SgdSteps} steps (T = {options.SgdSteps * options.Alpha}), {options.Paths} paths each, probe risk on {probes.Length} test digits:");
            var points = SgdVersusSmf.Run<TModel>(x0, atoms, probes, options);
            Console.WriteLine("       t   SGD mean ± SE            SMF-2 mean ± SE          z(SGD−SMF)   gradient flow");
            foreach (var p in points)
                Console.WriteLine($"  {p.Time,6:F2}   {p.Sgd.Mean:F5} ± {p.Sgd.Se:F5}   {p.Smf.Mean:F5} ± {p.Smf.Se:F5}   {(p.SgdStep == 0 ? 0 : p.Z),8:F2}     {p.GradientFlow:F5}");

            Directory.CreateDirectory(output);
            File.WriteAllLines(Path.Combine(output, "correction.csv"), lines);
            File.WriteAllLines(Path.Combine(output, "kernel-costs.csv"), ["value_s,gradient_s,hvp_s",
                FormattableString.Invariant($"{costs.ValueSeconds:R},{costs.GradientSeconds:R},{costs.HvpSeconds:R}")]);
            File.WriteAllLines(Path.Combine(output, "sgd-vs-smf.csv"), points.Select(p => FormattableString.Invariant(
                    $"{p.SgdStep},{p.Time:R},{p.Sgd.Mean:R},{p.Sgd.Se:R},{p.Smf.Mean:R},{p.Smf.Se:R},{p.GradientFlow:R}"))
                .Prepend("sgd_step,t,sgd_mean,sgd_se,smf_mean,smf_se,gradient_flow"));
            BridgePlot.Save(points, $"{TModel.Name}: SGD vs SMF-2, N = {options.Atoms}, α = {options.Alpha}", output);
            Console.WriteLine($"output: {output} (sgd-vs-smf.png/.svg/.csv, correction.csv, kernel-costs.csv); wall time {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
    }

    /// <summary>A seeded random subset of 0..n−1 (partial Fisher–Yates), in draw order.</summary>
    private static int[] SeededSubsample(int n, int count, ulong seed)
    {
        if (count > n) throw new ArgumentException($"Asked for {count} distinct training digits, only {n} exist.");
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new CounterRng(seed, path: 0, step: 0, stream: 200);
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)(rng.NextUniform() * (n - i));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..count];
    }
}
