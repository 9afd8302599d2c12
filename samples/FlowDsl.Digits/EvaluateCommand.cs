using FlowDsl.Digits.Evaluation;
using FlowDsl.Digits.Reading;
using FlowDsl.Mnist;

namespace FlowDsl.Digits;

/// <summary>
/// `evaluate`: the demo's network on digits it was not trained on, all read through <see cref="MnistPreprocessing"/>
/// exactly as the page's drawings are — the shipped MNIST test digits (as shipped and re-normalised) and the UCI
/// optical digits of 43 other writers (8×8, upscaled by the same preprocessing).
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Prints the accuracies; returns the exit code.</summary>
    public static int Run(CommandLine args)
    {
        var weights = args.Get("weights", "");
        var uci = args.Get("uci", "");
        args.ThrowOnUnknown();

        var network = TrainedNetwork.LoadOrTrain(weights.Length > 0 ? weights : null, train: null, Console.Out);
        var data = MnistData.Load(MnistData.DefaultFolder);
        var θ = MnistData.Classes + DigitReader<FlowDsl.Models.MnistMlpWide>.Pixels;
        var mnist = Enumerable.Range(0, data.TestCount)
            .Select(i => (Ink: data.Test.AsSpan(i * θ, 784).ToArray(), Label: data.Test.AsSpan(i * θ + 784, 10).IndexOf(1.0)))
            .ToArray();
        Report("MNIST test digits, as shipped", mnist.Select(d => (d.Ink, d.Label, Normalized: (double[]?)d.Ink)), network);
        Report("MNIST test digits, re-normalised", mnist.Select(d => (d.Ink, d.Label, MnistPreprocessing.Normalize(d.Ink, 28, 28))), network);

        var path = uci.Length > 0 ? uci : UciOpticalDigits.DebianPath;
        if (uci.Length == 0 && !File.Exists(path))
        {
            Console.WriteLine($"UCI optical digits: not found at {path} (apt-get install python3-sklearn, or --uci <digits.csv.gz>)");
            return 0;
        }
        var side = UciOpticalDigits.Side;
        Report($"UCI optical digits (43 writers, 8×8 upscaled) from {path}",
            UciOpticalDigits.Read(path).Select(d => (d.Ink, d.Label, MnistPreprocessing.Normalize(d.Ink, side, side))), network);
        return 0;
    }

    private static void Report(string name, IEnumerable<(double[] Ink, int Label, double[]? Normalized)> digits, TrainedNetwork network)
    {
        var (total, correct, empty) = (0, 0, 0);
        var perClass = new int[10, 2];
        foreach (var (_, label, image) in digits)
        {
            total++;
            perClass[label, 0]++;
            if (image is null)
            {
                empty++;
                continue;
            }
            if (network.Reader.Read(image).Digit != label) continue;
            correct++;
            perClass[label, 1]++;
        }
        var classes = string.Join("  ", Enumerable.Range(0, 10).Select(c => $"{c}: {100.0 * perClass[c, 1] / Math.Max(1, perClass[c, 0]):F0}%"));
        var standardError = Math.Sqrt(correct * (double)(total - correct) / total) / total;
        Console.WriteLine($"{name}: {100.0 * correct / total:F2} % ± {100 * standardError:F2} of {total}{(empty > 0 ? $" ({empty} without ink)" : "")}");
        Console.WriteLine($"  per digit: {classes}");
    }
}
