using BenchmarkDotNet.Attributes;
using FlowDsl.Benchmarks.Infrastructure;
using FlowDsl.Fused;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Benchmarks.Baselines;

namespace FlowDsl.Benchmarks;

/// <summary>
/// SMF-2 of linear regression R = ½(a·x − b)² (d = 2) under an empirical P of N atoms drawn from the model's law, SH2 with
/// h = α/4 and one cylindrical increment per step from N shared normals (math.md §3.4 a). The generated step factors the
/// noise as Σₖ gₖ(x)ζₖ over K = 5 θ-factors, so the O(N·K) reduction runs once per step and a particle costs the same for
/// N = 64 and N = 1024 (target: per-particle cost independent of N). Both variants include their per-step reduction.
/// </summary>
[Config(typeof(FlowBenchmarkConfig))]
public class Smf2EmpiricalBenchmarks
{
    private const double α = 0.1, h = α / 4;
    private double[] _initial = [], _state = [], _ξ = [], _ζ = [], _parameters = [];
    private double[][] _atoms = [];
    private double[] _weights = [];
    private FactoredNoise<LinearRegression.Smf2LaneStep> _noise = null!;

    /// <summary>N, the number of atoms of the empirical law.</summary>
    [Params(64, 1024)] public int Atoms { get; set; }
    /// <summary>Ensemble size.</summary>
    [Params(131_072)] public int Particles { get; set; }
    /// <summary>SH2 steps per operation.</summary>
    [Params(256)] public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (var law, _ξ, _initial) = EmpiricalRegressionData.Workload(Atoms, Particles, Steps);
        (_atoms, _weights) = (law.Support.Nodes, law.Support.Weights);
        _noise = new FactoredNoise<LinearRegression.Smf2LaneStep>(law);
        _parameters = [α, h, .. _noise.Mean];
        _ζ = new double[Steps * LinearRegression.Smf2LaneStep.FactorCount];
        _state = new double[2 * Particles];
    }

    [Benchmark(Baseline = true, Description = "hand-tuned AVX-512 (derived by hand, fused)")]
    public void HandTunedAvx512()
    {
        _initial.CopyTo(_state, 0);
        HandTunedAvx512Kernels.RegressionSmf2(_state, α, h, _atoms, _weights, _ξ, Steps);
    }

    [Benchmark(Description = "generated Smf2LaneStep → FusedEnsemble")]
    public void GeneratedLaneStep() => RunGenerated(new FusedOptions());

    [Benchmark(Description = "generated Smf2LaneStep → FusedEnsemble, 2 threads")]
    public void GeneratedLaneStepTwoThreads() => RunGenerated(new FusedOptions(Threads: 2));

    private void RunGenerated(FusedOptions options)
    {
        _initial.CopyTo(_state, 0);
        var k = LinearRegression.Smf2LaneStep.FactorCount;
        for (var s = 0; s < Steps; s++) _noise.Increment(_ξ.AsSpan(s * Atoms, Atoms), h, _ζ.AsSpan(s * k, k));
        FusedEnsemble.Run<LinearRegression.Smf2LaneStep>(_state, Particles, _parameters, _ζ, Steps, options);
    }
}

/// <summary>
/// The naive unfactored SMF-2 SH2 loop of <see cref="Smf2EmpiricalBenchmarks"/> (O(N) per particle and step), on a small
/// ensemble so that it finishes: compare its particle-steps per second with the fused variants.
/// </summary>
[Config(typeof(FlowBenchmarkConfig))]
public class Smf2EmpiricalNaiveBenchmarks
{
    private const double α = 0.1, h = α / 4;
    private double[] _initial = [], _state = [], _ξ = [];
    private double[][] _atoms = [];
    private double[] _weights = [];

    /// <summary>N, the number of atoms of the empirical law.</summary>
    [Params(64, 1024)] public int Atoms { get; set; }
    /// <summary>Ensemble size.</summary>
    [Params(1024)] public int Particles { get; set; }
    /// <summary>SH2 steps per operation.</summary>
    [Params(16)] public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (var law, _ξ, _initial) = EmpiricalRegressionData.Workload(Atoms, Particles, Steps);
        (_atoms, _weights) = (law.Support.Nodes, law.Support.Weights);
        _state = new double[2 * Particles];
    }

    [Benchmark(Baseline = true, Description = "naive scalar, unfactored (AoS, O(N) per particle)")]
    public void NaiveUnfactored()
    {
        _initial.CopyTo(_state, 0);
        NaiveBaselines.RegressionSmf2Unfactored(_state, α, h, _atoms, _weights, _ξ, Steps);
    }
}

/// <summary>An empirical law of N draws (a, b) from <see cref="LinearRegression.P"/>, the same for every benchmark.</summary>
internal static class EmpiricalRegressionData
{
    /// <summary>The law, the step-major normals ξ (steps × N) and the SoA initial state (2 × particles) of one workload.</summary>
    public static (EmpiricalLaw Law, double[] ξ, double[] Initial) Workload(int atoms, int particles, int steps)
    {
        var ξ = new double[steps * atoms];
        CounterNormals.Fill(seed: 3, path: 0, step: 0, stream: 0, ξ);
        var initial = new double[2 * particles];
        CounterNormals.Fill(seed: 3, path: 0, step: 0, stream: 1, initial);
        return (Sample(atoms), ξ, initial);
    }

    public static EmpiricalLaw Sample(int atoms)
    {
        var rows = new double[atoms][];
        for (var j = 0; j < atoms; j++)
        {
            var random = new CounterRng(11, 0, (uint)j, 0);
            rows[j] = new double[3];
            LinearRegression.P.Sample(ref random, rows[j]);
        }
        return Law.Empirical(rows);
    }
}
