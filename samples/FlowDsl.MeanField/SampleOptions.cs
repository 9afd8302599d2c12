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
    public int OrderPairs { get; init; } = 4000;

    public const string Usage = """
        FlowDsl.MeanField — teacher–student mean-field network: particle SGD vs DD-SF vs DD-SMF (math.md §4).
          --neurons n      particles (default 512)        --data N      training-set size (default 256)
          --alpha α        learning rate (default 0.1)    --horizon T   time horizon (default 4)
          --substeps K     SH2 steps per α (default 2)    --sgd-paths   SGD paths (default 8)
          --flow-paths     DD-SF/DD-SMF paths (default 2) --threads     threads (default: all cores)
          --seed s         --out folder                   --orders      also run the full weak-order study
          --order-pairs    antithetic pairs per α-level in the order study (default 4000)
        """;

    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Real() => double.Parse(Next(), CultureInfo.InvariantCulture);
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
                "--seed" => options with { Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture) },
                "--out" => options with { Output = Next() },
                "--orders" => options with { Orders = true },
                "--order-pairs" => options with { OrderPairs = Int() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }
        return options;
    }
}
