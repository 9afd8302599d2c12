using BenchmarkDotNet.Attributes;
using FlowDsl.Models;

namespace FlowDsl.Benchmarks.Mnist;

/// <summary>
/// Per-sample kernels of the MNIST network over a minibatch of 32 digits: value R, gradient ∇R (returns R) and the
/// Hessian-vector product ∇²R·v. Targets (BENCHMARKS.md P4): gradient ≤ 3× value, HVP ≤ 6× value.
/// </summary>
[GenericTypeArguments(typeof(MnistMlp))]
[GenericTypeArguments(typeof(HandWrittenMlp<Mlp16x16>))]
public class MnistKernelBenchmarks<TModel> where TModel : IRiskModel
{
    private const int Batch = 32;
    private double[] _x = [];
    private double[] _v = [];
    private double[] _out = [];
    private double[][] _batch = [];

    /// <summary>Loads 32 real digits and the initial parameters; v is a second initialisation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var samples = MnistBenchmarkData.TrainSamples();
        var length = TModel.Layout.DataCount;
        _batch = Enumerable.Range(0, Batch).Select(i => samples.AsSpan(i * length, length).ToArray()).ToArray();
        _x = MnistBenchmarkData.InitialParameters<TModel>();
        _v = _x.Reverse().ToArray();
        _out = new double[_x.Length];
    }

    /// <summary>32 × R(x,θ).</summary>
    [Benchmark(Baseline = true)]
    public double Value()
    {
        var s = 0.0;
        foreach (var θ in _batch) s += TModel.Risk(_x, θ);
        return s;
    }

    /// <summary>32 × ∇R(x,θ).</summary>
    [Benchmark]
    public double Gradient()
    {
        var s = 0.0;
        foreach (var θ in _batch) s += TModel.Gradient(_x, θ, _out);
        return s;
    }

    /// <summary>32 × ∇²R(x,θ)·v.</summary>
    [Benchmark]
    public double HessianVectorProduct()
    {
        foreach (var θ in _batch) TModel.HessianVectorProduct(_x, θ, _v, _out);
        return _out[0];
    }
}
