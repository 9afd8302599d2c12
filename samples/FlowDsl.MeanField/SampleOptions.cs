using System.Globalization;

namespace FlowDsl.Samples.MeanField;

/// <summary>Command-line options of the sample (all optional; the defaults run in well under a minute on 2 cores).</summary>
internal sealed record SampleOptions
{
    public int Neurons { get; init; } = 512;
    public int DataSize { get; init; } = 256;
    public double Alpha { get; init; } = 0.1;
    public double Horizon { get; init; } = 4.0;
    public int Substeps { get; init; } = 2;
    public int SgdPaths { get; init; } = 8;
    public int FlowPaths { get; init; } = 2;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public ulong Seed { get; init; } = 2024;
    public string Output { get; init; } = Path.Combine(Path.GetTempPath(), "flowdsl-meanfield");
    public bool Orders { get; init; }
    public bool OrdersOnly { get; init; }
    public int OrderPairs { get; init; } = 2000;

    public const string Usage = """
        FlowDsl.MeanField — teacher–student mean-field network: particle SGD vs DD-SF vs DD-SMF (math.md §4).
          --neurons n      particles (default 512)        --data N      training-set size (default 256)
          --alpha α        learning rate (default 0.1)    --horizon T   time horizon (default 4)
          --substeps K     SH2 steps per α (default 2)    --sgd-paths   SGD paths (default 8)
          --flow-paths     DD-SF/DD-SMF paths (default 2) --threads     threads (default: all cores)
          --seed s         --out folder                   --orders      also run the full weak-order study
          --orders-only    run only the weak-order study
          --order-pairs    antithetic pairs per α-level in the order study (default 2000)
        Ranges: neurons 1–10⁶, data 1–10⁷, 0 < α ≤ 10, 0 < T ≤ 10⁴ with T/α ≤ 10⁷ steps, substeps 1–4096,
        paths 1–10⁵, threads 1–1024, order pairs 1–10⁷. Invalid input: a one-line error naming the option, exit code 2.
        The output folder (default: flowdsl-meanfield in the temp folder) is created if missing; files are overwritten.
        """;

    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            int Int() => Number(args[i], Next(), s => int.Parse(s, CultureInfo.InvariantCulture), "an integer (at most 2,147,483,647)");
            double Real() => Number(args[i], Next(), s => double.Parse(s, CultureInfo.InvariantCulture), "a number");
            options = args[i] switch
            {
                "--neurons" => options with { Neurons = Int() },
                "--data" => options with { DataSize = Int() },
                "--alpha" => options with { Alpha = Real() },
                "--horizon" => options with { Horizon = Real() },
                "--substeps" => options with { Substeps = Int() },
                "--sgd-paths" => options with { SgdPaths = Int() },
                "--flow-paths" => options with { FlowPaths = Int() },
                "--threads" => options with { Threads = Int() },
                "--seed" => options with { Seed = Number(args[i], Next(), s => ulong.Parse(s, CultureInfo.InvariantCulture), "a non-negative integer") },
                "--out" => options with { Output = Next() },
                "--orders" => options with { Orders = true },
                "--orders-only" => options with { Orders = true, OrdersOnly = true },
                "--order-pairs" => options with { OrderPairs = Int() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'; run with --help for the options."),
            };
        }
        options.Validate();
        return options;
    }

    /// <summary>Every option within its range (one-line message naming the option), checked before anything runs or is written.</summary>
    private void Validate()
    {
        Range("--neurons", Neurons, 1, 1_000_000);
        Range("--data", DataSize, 1, 10_000_000);
        Range("--substeps", Substeps, 1, 4096);
        Range("--sgd-paths", SgdPaths, 1, 100_000);
        Range("--flow-paths", FlowPaths, 1, 100_000);
        Range("--threads", Threads, 1, 1024);
        Range("--order-pairs", OrderPairs, 1, 10_000_000);
        if (!(Alpha > 0 && Alpha <= 10)) throw new ArgumentException($"--alpha must be in (0, 10]; got {Alpha.ToString(CultureInfo.InvariantCulture)}.");
        if (!(Horizon > 0 && Horizon <= 10_000)) throw new ArgumentException($"--horizon must be in (0, 10000]; got {Horizon.ToString(CultureInfo.InvariantCulture)}.");
        if (Horizon / Alpha > 10_000_000) throw new ArgumentException($"--horizon/--alpha = {Horizon / Alpha:G3} SGD steps; at most 10,000,000.");
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("--out is empty; give a folder.");
        if (File.Exists(Output)) throw new ArgumentException($"--out '{Output}' is an existing file, not a folder.");
    }

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentException($"{name} must be between {min:N0} and {max:N0}; got {value}.");
    }

    private static T Number<T>(string option, string text, Func<string, T> parse, string what)
    {
        try { return parse(text); }
        catch (Exception e) when (e is FormatException or OverflowException) { throw new ArgumentException($"{option}: '{text}' is not {what}."); }
    }
}
