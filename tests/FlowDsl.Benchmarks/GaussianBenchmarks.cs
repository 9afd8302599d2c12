using BenchmarkDotNet.Attributes;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks;

/// <summary>
/// Standard normals per second (Count per operation): the reproducible counter-based generator at each width against the
/// scalar path, System.Random + Box–Muller, and the opt-in per-lane xoshiro256+ (not width-reproducible).
/// </summary>
public class GaussianBenchmarks
{
    private double[] _buffer = [];
    private LaneStreamNormals _lanes = null!;
    private readonly System.Random _random = new(1);

    /// <summary>Normals per operation.</summary>
    [Params(1 << 20)] public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new double[Count];
        _lanes = new LaneStreamNormals(1);
    }

    [Benchmark(Description = "System.Random + Math Box–Muller")]
    public void SystemRandom()
    {
        for (var i = 0; i + 1 < _buffer.Length; i += 2)
        {
            var r = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * _random.NextDouble());
            _buffer[i] = r * cos;
            _buffer[i + 1] = r * sin;
        }
    }

    [Benchmark(Description = "CounterRng.NextNormal (scalar)")]
    public void CounterScalar()
    {
        var rng = new CounterRng(1, 0, 0, 0);
        for (var i = 0; i < _buffer.Length; i++) _buffer[i] = rng.NextNormal();
    }

    [Benchmark(Description = "CounterNormals.Fill Vector256")]
    public void CounterVector256() => CounterNormals.Fill(1, 0, 0, 0, _buffer, 0, SimdWidth.Vector256);

    [Benchmark(Baseline = true, Description = "CounterNormals.Fill widest (Vector512)")]
    public void CounterWidest() => CounterNormals.Fill(1, 0, 0, 0, _buffer);

    [Benchmark(Description = "LaneStreamNormals (xoshiro256+, opt-in)")]
    public void LaneStreams() => _lanes.Fill(_buffer);
}
