using BenchmarkDotNet.Attributes;
using FlowDsl.Benchmarks.Infrastructure;
using FlowDsl.Fused;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Benchmarks.Baselines;

namespace FlowDsl.Benchmarks;

/// <summary>
/// SMF-2 of the Multiplicative model, dY = −(1 + α/2)Y dt − √α Y dβ (math.md §6.3, s = 1), SH2 scheme with h = α/4 and one
/// shared ΔW = √h·ξ per step from the counter-based generator (BENCHMARKS.md P2). The state is reset each operation.
/// </summary>
[Config(typeof(FlowBenchmarkConfig))]
public class Smf2MultiplicativeBenchmarks
{
    private const double α = 0.1, h = α / 4;
    private double[] _initial = [], _state = [], _ΔW = [], _ζ = [];

    /// <summary>Ensemble size.</summary>
    [Params(131_072)] public int Particles { get; set; }
    /// <summary>SH2 steps per operation.</summary>
    [Params(256)] public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ΔW = new double[Steps];
        CounterNormals.Fill(seed: 2, path: 0, step: 0, stream: 0, _ΔW);
        for (var i = 0; i < Steps; i++) _ΔW[i] *= Math.Sqrt(h);
        // The generated step factors G = −θx as g(x) = x, ψ(θ) = −θ (β = E(1 + θ) = 1): ζ = −ΔW is the same path.
        _ζ = _ΔW.Select(w => -w).ToArray();
        _initial = new double[Particles];
        CounterNormals.Fill(seed: 2, path: 0, step: 0, stream: 1, _initial);
        _state = new double[Particles];
    }

    [Benchmark(Description = "naive scalar (sweep per step)")]
    public void NaiveScalar()
    {
        _initial.CopyTo(_state, 0);
        NaiveBaselines.MultiplicativeSh2(_state, α, h, _ΔW, Steps);
    }

    [Benchmark(Baseline = true, Description = "hand-tuned AVX-512 (fused)")]
    public void HandTunedAvx512()
    {
        _initial.CopyTo(_state, 0);
        HandTunedAvx512Kernels.MultiplicativeSh2(_state, α, h, _ΔW, Steps);
    }

    [Benchmark(Description = "generated Smf2LaneStep → FusedEnsemble")]
    public void GeneratedLaneStep()
    {
        _initial.CopyTo(_state, 0);
        FusedEnsemble.Run<Multiplicative.Smf2LaneStep>(_state, Particles, [α, h, 1.0], _ζ, Steps);
    }

    [Benchmark(Description = "generated Smf2LaneStep → FusedEnsemble, 2 threads")]
    public void GeneratedLaneStepTwoThreads()
    {
        _initial.CopyTo(_state, 0);
        FusedEnsemble.Run<Multiplicative.Smf2LaneStep>(_state, Particles, [α, h, 1.0], _ζ, Steps, new FusedOptions(Threads: 2));
    }

    [Benchmark(Description = "generated scalar span kernels (∇R, HVP, ∂θ∇R)")]
    public void GeneratedSpanKernels()
    {
        _initial.CopyTo(_state, 0);
        GeneratedSgd.Sh2<Multiplicative>(_state, α, h, θMean: 0, s: 1, _ΔW, Steps);
    }
}
