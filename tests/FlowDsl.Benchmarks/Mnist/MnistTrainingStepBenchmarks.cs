using BenchmarkDotNet.Attributes;
using FlowDsl.Models;
using FlowDsl.Mnist.Training;

namespace FlowDsl.Benchmarks.Mnist;

/// <summary>
/// One SGD step of the MNIST sample (minibatch of 32 drawn with replacement, mean gradient, update), single-threaded
/// so the kernels are compared, generated vs hand-written (BENCHMARKS.md P5: ≥ 0.8× throughput).
/// </summary>
[GenericTypeArguments(typeof(MnistMlp))]
[GenericTypeArguments(typeof(HandWrittenMlp<Mlp16x16>))]
[GenericTypeArguments(typeof(MnistMlpWide))]
[GenericTypeArguments(typeof(HandWrittenMlp<Mlp64x32>))]
public class MnistTrainingStepBenchmarks<TModel> where TModel : IRiskModel, IAccumulatingGradient
{
    private const int Batch = 32;
    private MinibatchGradient<TModel>? _minibatch;
    private double[] _x = [];
    private double[] _gradient = [];
    private int[] _indices = [];

    /// <summary>Data, parameters and a fixed list of 32 indices.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _minibatch = new MinibatchGradient<TModel>(MnistBenchmarkData.TrainSamples(), Batch, threads: 1);
        _x = MnistBenchmarkData.InitialParameters<TModel>();
        _gradient = new double[_x.Length];
        _indices = Enumerable.Range(0, Batch).Select(i => (i * 2477) % _minibatch.SampleCount).ToArray();
    }

    /// <summary>x ← x − α·(1/32)Σ∇R(x,θ_i) with a tiny α (the point stays put over the run).</summary>
    [Benchmark]
    public double SgdStep()
    {
        var risk = _minibatch!.Compute(_x, _indices, _gradient);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_gradient, -1e-12, _x, _x);
        return risk;
    }
}
