using FlowDsl.Data;

namespace FlowDsl.Mnist;

/// <summary>The training and test sets as data arrays θ = (pixels/255, one-hot label), one row per digit.</summary>
/// <param name="Train">Training samples, row-major.</param>
/// <param name="Test">Test samples, row-major.</param>
/// <param name="TrainCount">Number of training digits.</param>
/// <param name="TestCount">Number of test digits.</param>
public sealed record MnistData(double[] Train, double[] Test, int TrainCount, int TestCount)
{
    /// <summary>Number of classes (digits 0–9).</summary>
    public const int Classes = 10;

    /// <summary>The folder of the shipped subset: <c>data/</c> next to the program.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Loads the four standard MNIST files (gzip or raw) from <paramref name="folder"/>.</summary>
    public static MnistData Load(string folder)
    {
        var train = IdxLabeledSet.Load(Find(folder, "train-images-idx3-ubyte"), Find(folder, "train-labels-idx1-ubyte"), Classes);
        var test = IdxLabeledSet.Load(Find(folder, "t10k-images-idx3-ubyte"), Find(folder, "t10k-labels-idx1-ubyte"), Classes);
        return new MnistData(train.ToSamples(), test.ToSamples(), train.Count, test.Count);
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"Neither {name}.gz nor {name} exists in '{folder}'.", Path.Combine(folder, name));
    }
}
