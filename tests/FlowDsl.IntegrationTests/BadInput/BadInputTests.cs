using System.Reflection;
using FlowDsl.Fused;
using FlowDsl.IntegrationTests.Study;
using FlowDsl.Models;
using FlowDsl.Simd;
using FlowDsl.Simulation;
using FlowDsl.Study;
using FlowDsl.Study.App;
using Xunit.Abstractions;

namespace FlowDsl.IntegrationTests.BadInput;

/// <summary>
/// Bad input to the three command-line samples and to the public API, one row per case. A CLI case must exit with 2,
/// print a one-line message that names the input (no stack trace) and leave nothing behind: the output folder it was
/// given does not exist afterwards. An API case must throw the documented exception with a message naming the input and
/// leave the caller's state untouched.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const string Out = "{out}";

    /// <summary>program, arguments ({out} is a fresh folder that must not exist afterwards), a fragment of the message.</summary>
    public static TheoryData<string, string[], string> CliCases => new()
    {
        // FlowDsl.Study (every case also passes -s ou -q): the output folder.
        { "study", ["-o", "{file}"], "is an existing file, not a folder" },
        { "study", ["-o", ""], "--output is empty" },
        { "study", ["-o", "{file}/sub"], "cannot be created or written" },
        // Memory and overflow, refused before anything runs.
        { "study", ["-n", "2147483647", "-o", Out], "paths per level needs about" },
        { "study", ["-K", "2000000000", "-o", Out], "--substeps must be between 1 and 4,096; got 2000000000" },
        // Every numeric option: range and type.
        { "study", ["-n", "many", "-o", Out], "Cannot parse argument 'many' for option '--paths' as an integer" },
        { "study", ["-n", "99999999999", "-o", Out], "'99999999999' for option '--paths' as an integer (at most 2,147,483,647)" },
        { "study", ["-n", "50", "-o", Out], "--paths must be at least 100; got 50" },
        { "study", ["-T", "0", "-o", Out], "--horizon must be a positive number" },
        { "study", ["-T", "NaN", "-o", Out], "--horizon must be a positive number at most 1,000,000; got NaN" },
        { "study", ["-T", "1e7", "-o", Out], "--horizon must be a positive number at most 1,000,000" },
        { "study", ["--ladder", "8", "12", "-o", Out], "every step count must divide the largest (12)" },
        { "study", ["--ladder", "8", "-o", Out], "--ladder needs at least two step counts" },
        { "study", ["--ladder", "0", "8", "-o", Out], "--ladder step counts must be integers between 1 and 65,536" },
        { "study", ["--ladder", "8", "131072", "-o", Out], "between 1 and 65,536; got 8 131072" },
        { "study", ["-j", "0", "-o", Out], "--threads must be between 1 and 1,024; got 0" },
        { "study", ["--bootstrap", "-1", "-o", Out], "--bootstrap must be between 0 and 100,000; got -1" },
        { "study", ["--seed", "-1", "-o", Out], "for option '--seed' as a non-negative integer" },
        { "study", ["--scheme", "RungeKutta", "-o", Out], "Cannot parse argument 'RungeKutta' for option '--scheme'" },
        { "study", ["--studies", "nonsense", "-o", Out], "Argument 'nonsense' not recognized. Must be one of: 'ou'" },
        { "study", ["--no-such-option", "-o", Out], "--no-such-option" },
        { "study", ["--ladder", "-o", Out], "--ladder" },
        // Refused by the library after parsing (the folder created for the run is removed again).
        { "study", ["-s", "mean-field", "-n", "2000000000", "-o", Out], "with 2,000,000,000 paths per level needs about" },
        // Which level overflows first depends on the order of the runs (the h/2 solver check now follows every level).
        { "study", ["-T", "1000000", "--ladder", "1", "2", "-n", "100", "--bootstrap", "0", "-o", Out], "The observable '|x|²' returned Infinity for SME-2 at α = " },
        // FlowDsl.Mnist.
        { "mnist", ["bogus"], "Unknown command 'bogus'" },
        { "mnist", ["train", "--alpha", "-1", "--out", Out], "α must be positive and finite" },
        { "mnist", ["train", "--steps", "99999999999", "--out", Out], "--steps: '99999999999' is not a valid integer" },
        { "mnist", ["train", "--stpes", "10", "--out", Out], "Unknown option(s): --stpes" },
        { "mnist", ["train", "5"], "Unexpected argument '5'" },
        { "mnist", ["train", "--target", "150", "--out", Out], "--target 150: the test accuracy to time is a percentage" },
        { "mnist", ["train", "--stop-at-target", "yes", "--out", Out], "--stop-at-target takes no value (got 'yes')" },
        { "mnist", ["bridge", "--alpha", "fast", "--out", Out], "--alpha: 'fast' is not a valid number" },
        { "mnist", ["train", "--seed", "-1", "--out", Out], "--seed: '-1' is not a valid seed (an integer from 0 to 18,446,744,073,709,551,615)" },
        { "mnist", ["flows", "--seed", "1e3", "--out", Out], "--seed: '1e3' is not a valid seed" },
        { "mnist", ["flows", "--ladder", "2,x,8", "--out", Out], "--ladder: '2,x,8' is not a comma-separated list" },
        { "mnist", ["flows", "--models", "SDE-7", "--out", Out], "--models: unknown model 'SDE-7'" },
        { "mnist", ["flows", "--pretrain-steps", "0", "--memory-limit-mb", "100", "--out", Out], "Refused before starting: the run needs ≈" },
        // FlowDsl.MeanField.
        { "meanfield", ["--neurons", "0", "--out", Out], "--neurons must be between 1 and 1,000,000; got 0" },
        { "meanfield", ["--alpha", "x", "--out", Out], "--alpha: 'x' is not a number" },
        { "meanfield", ["--threads", "99999999999", "--out", Out], "--threads: '99999999999' is not an integer" },
        { "meanfield", ["--bogus", "--out", Out], "Unknown option '--bogus'" },
        { "meanfield", ["--out", "{file}"], "is an existing file, not a folder" },
        { "meanfield", ["--sgd-paths"], "Option --sgd-paths needs a value" },
        { "meanfield", ["--horizon", "1000", "--alpha", "0.00001", "--out", Out], "SGD steps; at most 10,000,000" },
    };

    [Theory]
    [MemberData(nameof(CliCases))]
    public void Invalid_command_line_input_exits_2_with_a_one_line_message_and_leaves_nothing(string program, string[] args, string message)
    {
        var root = Path.Combine(Path.GetTempPath(), "flowdsl-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "a-file");
        File.WriteAllText(file, "not a folder");
        var folder = Path.Combine(root, "out", "nested");
        try
        {
            var actual = args.Select(a => a.Replace(Out, folder, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal)).ToArray();
            var (exit, stdout, error) = program switch
            {
                "study" => RunStudy(["-s", "ou", "-q", .. actual]),
                "mnist" => RunEntryPoint(typeof(FlowDsl.Mnist.CommandLine).Assembly, actual),
                _ => RunEntryPoint(Assembly.Load("FlowDsl.MeanField"), actual),
            };
            output.WriteLine($"{program} {string.Join(' ', actual)} → exit {exit}\n{error}");
            Assert.Equal(2, exit);
            var first = error.Split('\n')[0];
            Assert.StartsWith("error: ", first);
            Assert.Contains(message, first);
            Assert.DoesNotContain("   at ", error + stdout); // no stack trace
            Assert.DoesNotContain("Exception", first);
            Assert.False(Directory.Exists(Path.Combine(root, "out")), "the output folder (or its parent) was left behind");
            Assert.Equal("not a folder", File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("mnist", new[] { "--help" }, "Commands:")]
    [InlineData("mnist", new[] { "bridge", "--help" }, "--sgd-steps")]
    [InlineData("mnist", new[] { "flows", "--help" }, "--memory-limit-mb")]
    [InlineData("mnist", new[] { "train", "-h" }, "--epochs")]
    [InlineData("meanfield", new[] { "--help" }, "--orders-only")]
    [InlineData("study", new[] { "--help" }, "holds exactly what its study.json lists")]
    public void Every_sample_answers_help(string program, string[] args, string text)
    {
        var (exit, stdout, error) = program switch
        {
            "study" => RunStudy(args),
            "mnist" => RunEntryPoint(typeof(FlowDsl.Mnist.CommandLine).Assembly, args),
            _ => RunEntryPoint(Assembly.Load("FlowDsl.MeanField"), args),
        };
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains(text, stdout);
    }

    /// <summary>Public API: the exception type, a fragment of its message, and that the caller's state is unchanged.</summary>
    public static TheoryData<string> ApiCases => new(ApiCase.All.Keys);

    [Theory]
    [MemberData(nameof(ApiCases))]
    public void Invalid_API_input_throws_a_named_error_and_changes_nothing(string name)
    {
        var (run, type, message) = ApiCase.All[name];
        var state = Enumerable.Range(0, 3 * 8).Select(i => 0.1 * i).ToArray();
        var before = (double[])state.Clone();
        var e = Assert.Throws(type, () => run(state));
        output.WriteLine($"{name}: {e.GetType().Name}: {e.Message}");
        Assert.Contains(message, e.Message);
        Assert.Equal(before, state);
    }

    private static class ApiCase
    {
        public static readonly Dictionary<string, (Action<double[]> Run, Type Type, string Message)> All = new()
        {
            ["study with more paths than memory"] = (_ => WeakErrorStudy.For<Quadratic>().StartingPoints([1.0, 0.5, -0.5])
                .Observable("x₁", x => x[0]).Ladder(1, 8, 16).Paths(int.MaxValue - 1).Run(), typeof(InsufficientMemoryException), "needs about"),
            ["study whose Brownian grid overflows int"] = (_ => WeakErrorStudy.For<Quadratic>().StartingPoints([1.0, 0.5, -0.5])
                .Observable("x₁", x => x[0]).Ladder(1, 8, 64).Scheme(Schemes.SchemeKind.StochasticHeun, 20_000_000).Paths(100).Run(),
                typeof(ArgumentOutOfRangeException), "exceeds 2147483647; use fewer substeps K"),
            ["observable returning NaN"] = (_ => WeakErrorStudy.For<Quadratic>().StartingPoints([1.0, 0.5, -0.5])
                .Observable("log x₁", x => Math.Log(x[0] - 10)).Ladder(1, 4, 8).Paths(100).Bootstrap(0).SolverCheck(false).Run(),
                typeof(ObservableException), "The observable 'log x₁' returned NaN for SGD at α = 1/4"),
            ["fused SGD with a step count whose θ buffer exceeds an array"] = (s => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(s, 8, Quadratic.P, 0.1, int.MaxValue, 1),
                typeof(ArgumentOutOfRangeException), "exceed the largest array"),
            ["fused SGD with α = NaN"] = (s => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(s, 8, Quadratic.P, double.NaN, 10, 1),
                typeof(ArgumentOutOfRangeException), "learning rate α must be positive and finite"),
            ["fused ensemble with a state of the wrong length"] = (s => FusedEnsemble.Run<QuadraticLanes.SgdLaneStep>(s.AsSpan(0, 23), 8, [0.1], new double[30], 10),
                typeof(ArgumentException), "state has length 23, expected 24"),
            ["fused SGD with a law of the wrong dimension"] = (s => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(s, 8, Law.Normal(dimension: 2), 0.1, 10, 1),
                typeof(ArgumentException), "the law has dimension 2"),
            ["modified drift of the wrong dimension"] = (s => new ModifiedDrift<Quadratic>().Drift(s.AsSpan(0, 2), 0.1, s.AsSpan(0, 3)),
                typeof(ArgumentException), "x has length 2; model 'Quadratic' has d = 3"),
            ["simulation with a non-finite starting point"] = (_ => Simulator.Sgd<Quadratic>(new SimulationOptions
                { Alpha = 0.1, Paths = 4, StartingPoints = [[1.0, double.NaN, 0.0]] }), typeof(ArgumentException), "non-finite coordinate 1"),
            ["mean risk under a law of the wrong dimension"] = (_ => new MeanRisk<Quadratic>(Law.Normal(dimension: 5)),
                typeof(ArgumentException), "expects data θ of length 3"),
        };
    }

    /// <summary>Runs the study's command line in process, capturing both the parser's writers and <see cref="Console"/>.</summary>
    private static (int Exit, string Output, string Error) RunStudy(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = CommandLineErrors.Invoke(FlowDsl.Study.App.CommandLine.Build(StudyRunner.Run), args, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>Runs a sample's entry point (top-level statements) in process with <see cref="Console"/> captured.</summary>
    private static (int Exit, string Output, string Error) RunEntryPoint(Assembly assembly, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = (int)assembly.EntryPoint!.Invoke(null, [args])!;
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
