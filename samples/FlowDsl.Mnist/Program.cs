using System.Globalization;
using FlowDsl.Mnist;

// FlowDsl.Mnist: the talk's toy simulation. `train` (default) runs minibatch SGD on the DSL-declared network with the
// generated kernels; `flows` compares minibatch SGD with GF, SME-1, SME-2 and SMF-2 on all training digits (matrix-free);
// `bridge` evaluates the SME-2/SMF-2 correction and compares SGD with the SMF. See README.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    if (Usage.Requested(args))
    {
        Console.WriteLine(Usage.For(args.FirstOrDefault(a => !a.StartsWith('-'))));
        return 0;
    }
    var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "train";
    var rest = args.Length > 0 && args[0] == command ? args[1..] : args;
    return command switch
    {
        "train" => TrainCommand.Run(new CommandLine(rest)),
        "bridge" => BridgeCommand.Run(new CommandLine(rest)),
        "flows" => FlowsCommand.Run(new CommandLine(rest)),
        "costs" => CostsCommand.Run(new CommandLine(rest)),
        _ => throw new ArgumentException($"Unknown command '{command}'; use train, flows, bridge or costs."),
    };
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or NotSupportedException or InvalidOperationException)
{
    // One line: ArgumentOutOfRangeException puts "Actual value was …" on a second line.
    Console.Error.WriteLine($"error: {string.Join(" ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
    return 2;
}
