using System.Diagnostics;
using System.Globalization;
using FlowDsl.Mnist.Flows;
using FlowDsl.Mnist.Training;
using FlowDsl.Network;
using FlowDsl.Simulation;

namespace FlowDsl.Mnist;

/// <summary>
/// `flows`: from a pre-trained point of the MNIST network, minibatch SGD (batch B) against the gradient flow, SME-1, SME-2
/// and SMF-2 on the empirical law of all training digits, matrix-free (<see cref="NetworkFlowStudy"/>), on a ladder of
/// learning rates; observables the test risk and test accuracy at time T. Prints ê ± SE per model and level,
/// |ê(SME-1)| − |ê(SMF-2)| ± SE, the paired model differences, local rates, paths and time; writes CSV and plots.
/// </summary>
public static class FlowsCommand
{
    private static readonly ContinuousModel[] Known = [ContinuousModel.GradientFlow, ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf1, ContinuousModel.Smf2];

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(CommandLine args)
    {
        var d = new FlowsOptions();
        var options = new FlowsOptions
        {
            PretrainSteps = args.Get("pretrain-steps", d.PretrainSteps),
            Batch = args.Get("batch", d.Batch),
            Horizon = args.Get("horizon", d.Horizon),
            Ladder = ParseLadder(args.Get("ladder", string.Join(',', d.Ladder))),
            Substeps = args.Get("substeps", d.Substeps),
            Paths = args.Get("paths", d.Paths),
            Seed = args.GetSeed("seed", d.Seed),
            Threads = args.Get("threads", d.Threads),
            MemoryLimitMiB = args.GetOptional("memory-limit-mb"),
            TimeLimitMinutes = args.Get("time-limit-min", double.NaN) is var t && double.IsNaN(t) ? null : t,
            Models = ParseModels(args.Get("models", string.Join(',', d.Models.Select(m => m.Name)))),
        };
        var width = args.Get("width", "16x16");
        var kernels = args.Get("kernels", "generated");
        var dataFolder = args.Get("data", MnistData.DefaultFolder);
        var output = Path.GetFullPath(args.Get("out", Path.Combine("flowdsl-output", "mnist-flows")));
        args.ThrowOnUnknown();
        options.Validate();
        var data = MnistData.Load(dataFolder);
        return ModelCatalog.Dispatch(width, kernels, new Action(data, options, output));
    }

    /// <summary>The library's option names in a refusal, as this command's flags: .Threads(1) → --threads 1.</summary>
    internal static string CommandLineWording(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\.(Threads|Paths)\((\d+)\)", m => $"--{m.Groups[1].Value.ToLowerInvariant()} {m.Groups[2].Value}")
            .Replace(".MemoryLimit(…)", "--memory-limit-mb", StringComparison.Ordinal);

    private static ContinuousModel[] ParseModels(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Known.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
                            ?? throw new ArgumentException($"--models: unknown model '{name}'; choose from {string.Join(", ", Known.Select(m => m.Name))}."))
            .ToArray();

    private static int[] ParseLadder(string text)
    {
        try { return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new ArgumentException($"--ladder: '{text}' is not a comma-separated list of SGD step counts such as 2,4,8."); }
    }

    private sealed class Action(MnistData data, FlowsOptions options, string output) : IModelAction<int>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public int Run<TModel>() where TModel : IRiskModel, IAccumulatingGradient
        {
            var x0 = new double[TModel.Layout.ParameterCount];
            var pretrain = new TrainingOptions { Steps = Math.Max(1, options.PretrainSteps), Seed = options.Seed, Threads = options.Threads, Evaluations = 1 };
            if (options.PretrainSteps > 0) x0 = SgdTrainer.Train<TModel>(data.Train, data.Test, MnistData.Classes, pretrain).Parameters;
            else ParameterInitializer.Initialize(TModel.Layout, options.Seed, x0);
            var (accuracy, risk) = Classifier.Evaluate<TModel>(x0, data.Test, MnistData.Classes, options.Threads);
            Console.WriteLine($"model: {TModel.Name} (d = {x0.Length:N0}); x0 = {options.PretrainSteps} minibatch SGD steps (α = {pretrain.Alpha}, B = {pretrain.Batch}, seed {options.Seed}): " +
                              $"test risk {risk:F5}, test accuracy {100 * accuracy:F2} % on {data.TestCount:N0} digits");

            var study = NetworkFlowStudy.For<TModel>()
                .Data(data.Train).StartingPoints(x0).Batch(options.Batch)
                .Observable(TestSetObservables.TestRisk<TModel>(data.Test))
                .Observable(TestSetObservables.TestAccuracy<TModel>(data.Test))
                .Models(options.Models)
                .Ladder(options.Horizon, options.Ladder).Substeps(options.Substeps).Paths(options.Paths)
                .Threads(options.Threads).Seed(options.Seed)
                .OnProgress(line => Console.WriteLine("  " + line));
            if (options.MemoryLimitMiB is { } mib) study.MemoryLimit((long)mib << 20);
            if (options.TimeLimitMinutes is { } minutes) study.TimeLimit(TimeSpan.FromMinutes(minutes));
            var estimate = study.Estimate();
            Console.WriteLine($"estimate: {estimate}");
            Console.WriteLine($"SGD (B = {options.Batch}) vs {string.Join(", ", options.Models.Select(m => m.Name))} on the empirical law of the {data.TrainCount:N0} training digits, T = {options.Horizon}, " +
                              $"α ∈ {{{string.Join(", ", options.Ladder.Order().Select(n => (options.Horizon / n).ToString("G4", CultureInfo.InvariantCulture)))}}}, SH2 h = α/{options.Substeps}, {options.Paths} paths per level:");
            NetworkFlowResult result;
            try { result = study.Run(); }
            catch (NetworkBudgetException e) { throw new InvalidOperationException(CommandLineWording(e.Message)); }

            if (!result.Models.Contains("GF")) return Report(result, null);
            // Solver check (math.md §5.8): the gradient flow again at h/2; its change bounds the deterministic part of SH2's bias.
            var half = NetworkFlowStudy.For<TModel>()
                .Data(data.Train).StartingPoints(x0).Batch(options.Batch)
                .Observable(TestSetObservables.TestRisk<TModel>(data.Test))
                .Observable(TestSetObservables.TestAccuracy<TModel>(data.Test))
                .Models(ContinuousModel.GradientFlow).Ladder(options.Horizon, options.Ladder).Substeps(2 * options.Substeps).Paths(2)
                .Threads(options.Threads).Seed(options.Seed).Run();
            var bias = Enumerable.Range(0, result.Levels.Count).Select(j => result.Observables.Select(o =>
                Math.Abs(result.ModelValues("GF", o, j)[0] - half.ModelValues("GF", o, j)[0]) * 4 / 3).ToArray()).ToArray();

            return Report(result, bias);
        }

        private int Report(NetworkFlowResult result, double[][]? bias)
        {
            Directory.CreateDirectory(output);
            var lines = FlowsTable.Lines(result, bias);
            foreach (var line in lines) Console.WriteLine(line);
            File.WriteAllLines(Path.Combine(output, "flows-table.txt"), lines);
            result.WriteCsv(Path.Combine(output, "flows.csv"));
            var plots = FlowsPlot.Save(result, output);
            Console.WriteLine($"output: {output} ({string.Join(", ", plots.Select(Path.GetFileName))}, .svg, flows.csv, flows-table.txt); " +
                              $"wall time {_clock.Elapsed.TotalSeconds:F1} s, process CPU time {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s");
            return 0;
        }
    }
}
