using FlowDsl.Data;
using FlowDsl.Mnist.Training;

namespace FlowDsl.Benchmarks.Mnist;

/// <summary>Real digits (the shipped subset, copied next to the benchmark) and the §9 initial parameters.</summary>
internal static class MnistBenchmarkData
{
    /// <summary>The training digits as θ rows (pixels/255, one-hot label).</summary>
    public static double[] TrainSamples()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "data");
        return IdxLabeledSet.Load(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz")).ToSamples();
    }

    /// <summary>x initialised as in math.md §9 with seed 1.</summary>
    public static double[] InitialParameters<TModel>() where TModel : IRiskModel
    {
        var x = new double[TModel.Layout.ParameterCount];
        ParameterInitializer.Initialize(TModel.Layout, 1, x);
        return x;
    }
}
