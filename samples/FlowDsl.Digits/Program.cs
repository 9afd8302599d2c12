using System.Globalization;
using FlowDsl.Digits;
using FlowDsl.Mnist;

// The talk's handwriting demo: `serve` (default) starts the web page on loopback; `evaluate` measures the network on
// MNIST and on the UCI optical digits through the same preprocessing; `latency` times prediction requests. See README.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (DigitsUsage.Requested(args))
{
    Console.WriteLine(DigitsUsage.Text);
    return 0;
}
try
{
    var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
    var rest = args.Length > 0 && args[0] == command ? args[1..] : args;
    return command switch
    {
        "serve" => ServeCommand.Run(new CommandLine(rest)),
        "evaluate" => EvaluateCommand.Run(new CommandLine(rest)),
        "latency" => FlowDsl.Digits.Evaluation.LatencyBenchmark.Run(new CommandLine(rest)),
        _ => throw new ArgumentException($"Unknown command '{command}'; use serve, evaluate or latency."),
    };
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (IOException e)
{
    // Typically: the port is in use.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
