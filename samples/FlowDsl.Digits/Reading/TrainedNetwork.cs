using FlowDsl.Data;
using FlowDsl.Mnist;
using FlowDsl.Mnist.Training;
using FlowDsl.Models;

namespace FlowDsl.Digits.Reading;

/// <summary>The demo's network: <see cref="MnistMlpWide"/> (784-64-32-10, declared in the DSL) with its trained parameters.</summary>
/// <param name="Reader">Reads 28×28 images.</param>
/// <param name="Source">Where the parameters came from (a weights file, or training at start-up).</param>
/// <param name="TestAccuracy">Accuracy on the shipped MNIST test digits.</param>
/// <param name="TestDigits">How many test digits that is.</param>
public sealed record TrainedNetwork(DigitReader<MnistMlpWide> Reader, string Source, double TestAccuracy, int TestDigits)
{
    /// <summary>The weights shipped with the demo, next to the program (made by the command in README.md).</summary>
    public static string ShippedWeights => Path.Combine(AppContext.BaseDirectory, "weights", "mnist-64x32.weights");

    /// <summary>Loads <paramref name="weights"/> (or the shipped file), or trains with the project's SGD when there is none or <paramref name="train"/> is set.</summary>
    /// <param name="weights">A weights file written by <c>FlowDsl.Mnist -- train --save</c>, or null for the shipped one.</param>
    /// <param name="train">Options of a training run at start-up, or null to load weights when they exist.</param>
    /// <param name="log">Progress lines.</param>
    /// <exception cref="InvalidDataException">The weights file is refused (another model, another version, damaged).</exception>
    public static TrainedNetwork LoadOrTrain(string? weights, TrainingOptions? train, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var data = MnistData.Load(MnistData.DefaultFolder);
        double[] x;
        string source;
        if (train is null && (weights ?? (File.Exists(ShippedWeights) ? ShippedWeights : null)) is { } path)
        {
            x = ModelWeightsFile.Load<MnistMlpWide>(path);
            source = $"weights file {Path.GetFileName(path)}";
            log.WriteLine($"weights: {Path.GetFullPath(path)}");
        }
        else
        {
            train ??= new TrainingOptions();
            log.WriteLine($"training {MnistMlpWide.Name} with SGD on {data.TrainCount} digits: α = {train.Alpha}, B = {train.Batch}, {train.Steps} steps, seed {train.Seed}");
            var history = SgdTrainer.Train<MnistMlpWide>(data.Train, data.Test, MnistData.Classes, train, p =>
                log.WriteLine($"  step {p.Step,6}  {p.Seconds,5:F1} s  train risk {p.TrainRisk:F4}  test accuracy {100 * p.TestAccuracy:F2} %"));
            x = history.Parameters;
            source = $"trained at start-up ({train.Steps} SGD steps, seed {train.Seed})";
        }
        var (accuracy, _) = Classifier.Evaluate<MnistMlpWide>(x, data.Test, MnistData.Classes, Environment.ProcessorCount);
        log.WriteLine($"network: {MnistMlpWide.Name} (784-64-32-10, {x.Length} parameters), {source}; test accuracy {100 * accuracy:F2} % on {data.TestCount} MNIST digits");
        return new TrainedNetwork(new DigitReader<MnistMlpWide>(x), source, accuracy, data.TestCount);
    }
}
