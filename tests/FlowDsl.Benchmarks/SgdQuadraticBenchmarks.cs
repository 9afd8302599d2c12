using BenchmarkDotNet.Attributes;
using FlowDsl.Benchmarks.Infrastructure;
using FlowDsl.Benchmarks.Models;
using FlowDsl.Fused;
using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Benchmarks.Baselines;

namespace FlowDsl.Benchmarks;

/// <summary>
/// n-point SGD on R = ½|x − θ|² (d = 2 and 8), θᵢ ~ N(0, I) shared by all particles per step (BENCHMARKS.md P1).
/// Every variant starts from the same state (copied in, included in the time) and runs the same θ sequence.
/// </summary>
[Config(typeof(FlowBenchmarkConfig))]
public class SgdQuadraticBenchmarks
{
    private const double α = 0.05;
    private double[] _initialSoA = [], _initialAoS = [], _state = [], _thetas = [];

    /// <summary>Dimension d.</summary>
    [Params(2, 8)] public int D { get; set; }
    /// <summary>Ensemble size.</summary>
    [Params(131_072)] public int Particles { get; set; }
    /// <summary>SGD steps per operation.</summary>
    [Params(256)] public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _thetas = new double[Steps * D];
        CounterNormals.Fill(seed: 1, path: 0, step: 0, stream: 0, _thetas);
        _initialSoA = new double[D * Particles];
        CounterNormals.Fill(seed: 1, path: 0, step: 0, stream: 1, _initialSoA);
        _initialAoS = new double[D * Particles];
        for (var p = 0; p < Particles; p++)
            for (var i = 0; i < D; i++) _initialAoS[p * D + i] = _initialSoA[i * Particles + p];
        _state = new double[D * Particles];
    }

    [Benchmark(Description = "naive scalar (AoS, sweep per step)")]
    public void NaiveScalar()
    {
        _initialAoS.CopyTo(_state, 0);
        NaiveBaselines.QuadraticSgd(_state, D, α, _thetas, Steps);
    }

    [Benchmark(Baseline = true, Description = "hand-tuned AVX-512 (fused)")]
    public void HandTunedAvx512()
    {
        _initialSoA.CopyTo(_state, 0);
        if (D == 2) HandTunedAvx512Kernels.QuadraticSgd2(_state, α, _thetas, Steps);
        else HandTunedAvx512Kernels.QuadraticSgd8(_state, α, _thetas, Steps);
    }

    [Benchmark(Description = "generated lane step → FusedEnsemble")]
    public void GeneratedLaneStep()
    {
        _initialSoA.CopyTo(_state, 0);
        if (D == 2) FusedEnsemble.Run<QuadraticD2.SgdLaneStep>(_state, Particles, [α], _thetas, Steps);
        else FusedEnsemble.Run<QuadraticD8.SgdLaneStep>(_state, Particles, [α], _thetas, Steps);
    }

    [Benchmark(Description = "generated lane step → FusedEnsemble, 2 threads")]
    public void GeneratedLaneStepTwoThreads()
    {
        _initialSoA.CopyTo(_state, 0);
        var options = new FusedOptions(Threads: 2);
        if (D == 2) FusedEnsemble.Run<QuadraticD2.SgdLaneStep>(_state, Particles, [α], _thetas, Steps, options);
        else FusedEnsemble.Run<QuadraticD8.SgdLaneStep>(_state, Particles, [α], _thetas, Steps, options);
    }

    [Benchmark(Description = "generated scalar span kernel (AoS)")]
    public void GeneratedSpanKernel()
    {
        _initialAoS.CopyTo(_state, 0);
        if (D == 2) GeneratedSgd.Run<QuadraticD2>(_state, D, α, _thetas, Steps);
        else GeneratedSgd.Run<QuadraticD8>(_state, D, α, _thetas, Steps);
    }
}
