using System.Diagnostics;
using FlowDsl.Data;
using FlowDsl.Mnist.Training;

namespace FlowDsl.Mnist;

/// <summary>`train`: loads MNIST, trains with minibatch SGD, prints progress, writes the learning-curve plot and a CSV.</summary>
public static class TrainCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(CommandLine args)
    {
        var defaults = new TrainingOptions();
        var options = new TrainingOptions
        {
            Alpha = args.Get("alpha", defaults.Alpha),
            Batch = args.Get("batch", defaults.Batch),
            Steps = args.Get("steps", defaults.Steps),
            Epochs = args.GetOptional("epochs"),
            Seed = args.GetSeed("seed", defaults.Seed),
            Threads = args.Get("threads", defaults.Threads),
            Evaluations = args.Get("evaluations", defaults.Evaluations),
            TargetAccuracy = Percent(args.Get("target", 100 * defaults.TargetAccuracy)),
            StopAtTarget = args.Get("stop-at-target", "false") switch
            {
                "true" => true,
                "false" => false,
                var v => throw new ArgumentException($"--stop-at-target takes no value (got '{v}')."),
            },
        };
        var width = args.Get("width", "64x32");
        var kernels = args.Get("kernels", "generated");
        var dataFolder = args.Get("data", MnistData.DefaultFolder);
        var output = Path.GetFullPath(args.Get("out", Path.Combine("flowdsl-output", "mnist")));
        var save = args.Get("save", "");
        args.ThrowOnUnknown();
        options.Validate();
        if (save == "true") throw new ArgumentException("--save needs a file name: --save <file>.");
        if (Directory.Exists(save)) throw new ArgumentException($"--save {save}: that is a folder; give a file name.");
        if (save.Length > 0) CheckWritable(save);

        var total = Stopwatch.StartNew();
        var data = MnistData.Load(dataFolder);
        Console.WriteLine($"data: {data.TrainCount} training / {data.TestCount} test digits from {dataFolder}");
        return ModelCatalog.Dispatch(width, kernels, new Action(data, options, output, save, total));
    }

    private static double Percent(double target) => target is > 0 and <= 100
        ? target / 100
        : throw new ArgumentException($"--target {target}: the test accuracy to time is a percentage, 0 < p ≤ 100.");

    /// <summary>Refuses a --save file that cannot be written before any training time is spent.</summary>
    private static void CheckWritable(string save)
    {
        var probe = Path.GetFullPath(save) + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(probe)!);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--save {save}: cannot write there ({e.Message})");
        }
    }

    private sealed class Action(MnistData data, TrainingOptions options, string output, string save, Stopwatch total) : IModelAction<int>
    {
        public int Run<TModel>() where TModel : IRiskModel, IAccumulatingGradient
        {
            var schedule = options.Epochs is { } e ? $"{e} epochs (shuffled)" : $"{options.Steps} steps, θ i.i.d. with replacement";
            Console.WriteLine($"model: {TModel.Name}, d = {TModel.Layout.ParameterCount}; α = {options.Alpha}, B = {options.Batch}, {schedule}, seed {options.Seed}, {options.Threads} thread(s)");
            var target = $"{100 * options.TargetAccuracy:0.##} %";
            string? reached = null;
            var history = SgdTrainer.Train<TModel>(data.Train, data.Test, MnistData.Classes, options, p =>
            {
                Console.WriteLine($"  step {p.Step,8}  {p.Seconds,6:F1} s  train risk {p.TrainRisk:F4}  test risk {p.TestRisk:F4}  test accuracy {100 * p.TestAccuracy:F2} %");
                if (reached is not null || p.TestAccuracy < options.TargetAccuracy) return;
                // Wall from process start: runtime start-up, JIT, data loading, training and the evaluations so far.
                reached = $"time to {target} test accuracy: {ProcessClock.WallSeconds:F2} s from process start " +
                          $"(process CPU {ProcessClock.CpuSeconds:F2} s), {p.Seconds:F2} s of training (evaluations excluded), step {p.Step}";
                Console.WriteLine("  " + reached);
            });
            var final = history.Final;
            Console.WriteLine(reached ?? $"time to {target} test accuracy: not reached in {final.Step} steps (best {100 * history.Points.Max(p => p.TestAccuracy):F2} %)");
            Console.WriteLine($"training: {final.Step} steps of B = {options.Batch} in {final.Seconds:F2} s = {final.Step / final.Seconds:F0} steps/s (evaluations excluded, JIT warm-up included)");
            Console.WriteLine($"final test accuracy: {100 * final.TestAccuracy:F2} % on {data.TestCount} held-out digits; " +
                              $"total wall time {total.Elapsed.TotalSeconds:F1} s (load, train, evaluate), " +
                              $"process CPU time {ProcessClock.CpuSeconds:F1} s over {options.Threads} thread(s)");

            Directory.CreateDirectory(output);
            var csv = Path.Combine(output, "training.csv");
            File.WriteAllLines(csv, history.Points.Select(p => FormattableString.Invariant(
                    $"{p.Step},{p.Seconds:R},{p.TrainRisk:R},{p.TestRisk:R},{p.TestAccuracy:R}"))
                .Prepend("step,seconds,train_risk,test_risk,test_accuracy"));
            TrainingPlot.Save(history, $"{TModel.Name}: α = {options.Alpha}, B = {options.Batch}", output);
            Console.WriteLine($"output: {output} (training.png, training.svg, training.csv)");
            if (save.Length > 0)
            {
                ModelWeightsFile.Save<TModel>(save, history.Parameters);
                Console.WriteLine($"weights: {Path.GetFullPath(save)} ({TModel.Name}, {history.Parameters.Length} parameters, format version {ModelWeightsFile.Version})");
            }
            return 0;
        }
    }
}
