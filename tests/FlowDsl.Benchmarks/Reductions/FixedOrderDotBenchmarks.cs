using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks.Reductions;

/// <summary>
/// The width-independent <see cref="FixedOrderReductions.Dot"/> (used by the generated span kernels) against
/// <c>TensorPrimitives.Dot</c> (the baseline; its bits change with the SIMD width), and each fixed-order width path.
/// Length 784 is a row of the MNIST W1; 16 a hidden layer; 100,000 streams from memory rather than L1.
/// </summary>
public class FixedOrderDotBenchmarks
{
    private double[] _a = [], _b = [];

    /// <summary>Terms per dot product.</summary>
    [Params(16, 784, 100_000)] public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(1);
        _a = [.. Enumerable.Range(0, Length).Select(_ => random.NextDouble() - 0.5)];
        _b = [.. Enumerable.Range(0, Length).Select(_ => random.NextDouble() - 0.5)];
    }

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Dot")]
    public double Tensor() => TensorPrimitives.Dot<double>(_a, _b);

    [Benchmark(Description = "FixedOrderReductions.Dot (widest)")]
    public double Fixed() => FixedOrderReductions.Dot(_a, _b);

    [Benchmark(Description = "fixed order, 8×Vector256 path")]
    public double Fixed256() => FixedOrderReductions.Dot256(_a, _b);

    [Benchmark(Description = "fixed order, scalar path")]
    public double FixedScalar() => FixedOrderReductions.DotScalar(_a, _b);
}
