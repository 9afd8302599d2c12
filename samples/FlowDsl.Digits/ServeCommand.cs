using FlowDsl.Digits.Hosting;
using FlowDsl.Digits.Reading;
using FlowDsl.Mnist;
using FlowDsl.Mnist.Training;

namespace FlowDsl.Digits;

/// <summary>`serve`: loads (or trains) the network, starts the page on loopback and prints its URL.</summary>
public static class ServeCommand
{
    /// <summary>Runs until Ctrl+C; returns the exit code.</summary>
    public static int Run(CommandLine args)
    {
        var urls = args.Get("urls", DigitsApp.DefaultUrl);
        var weights = args.Get("weights", "");
        var defaults = new TrainingOptions();
        var trainFlag = args.Get("train", "false");
        if (trainFlag is not ("true" or "false")) throw new ArgumentException($"--train takes no value (got '{trainFlag}').");
        var train = trainFlag == "true" ? new TrainingOptions
        {
            Steps = args.Get("steps", defaults.Steps),
            Seed = (ulong)args.Get("seed", (int)defaults.Seed),
        } : null;
        args.ThrowOnUnknown();
        train?.Validate();
        if (weights.Length > 0 && train is not null) throw new ArgumentException("--weights and --train exclude each other.");

        var network = TrainedNetwork.LoadOrTrain(weights.Length > 0 ? weights : null, train, Console.Out);
        using var app = DigitsApp.Build(network, urls);
        app.Start();
        foreach (var url in app.Urls) Console.WriteLine($"Open {url} in a browser to draw a digit (Ctrl+C stops).");
        app.WaitForShutdown();
        return 0;
    }
}
