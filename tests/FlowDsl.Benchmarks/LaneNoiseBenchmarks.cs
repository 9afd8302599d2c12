using BenchmarkDotNet.Attributes;
using FlowDsl.Benchmarks.Infrastructure;
using FlowDsl.Benchmarks.LaneNoise;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Fused;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks;

/// <summary>
/// Noise-driven lane steps, one thread (issue 14 item 1): each particle draws its own K normals per step from
/// <see cref="LaneNormals"/> (the default counter-based generator: the same bits for any width, thread count and chunking;
/// rows marked Philox use the previous default, the stream row the opt-in per-particle streams). The baseline of each
/// category draws the same K normals through the same driver and does nothing else, so "Cost/normals" is the step's cost
/// over its normals' (target ≤ 1.25) and Gps/s the particle-steps per second (target for SME-2 of Multiplicative ≥ 0.5).
/// The bulk <see cref="CounterNormals.Fill"/> row writes the same number of Philox normals to memory (K = 1, per step).
/// </summary>
[Config(typeof(LaneNoiseConfig))]
public class LaneNoiseBenchmarks
{
    private const double α = 0.1, h = α / 4;
    private const ulong Seed = 3;
    private double[] _initial = [], _state = [], _buffer = [];

    /// <summary>Ensemble size.</summary>
    [Params(131_072)] public int Particles { get; set; }
    /// <summary>Steps per operation.</summary>
    [Params(256)] public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _initial = new double[2 * Particles];
        CounterNormals.Fill(Seed, path: 1, step: 0, stream: 0, _initial);
        _state = new double[2 * Particles];
        _buffer = new double[2 * Particles];
    }

    private Span<double> Reset(int d)
    {
        var state = _state.AsSpan(0, d * Particles);
        _initial.AsSpan(0, d * Particles).CopyTo(state);
        return state;
    }

    [Benchmark(Baseline = true, Description = "K=1: normals only (LaneNormals → FusedEnsemble)"), BenchmarkCategory("K=1")]
    public void NormalsOnly1() => FusedEnsemble.Run<NormalsOnlyStep<OneNormal>>(Reset(1), Particles, [], [], Steps, new LaneNormals(Seed, 0));

    [Benchmark(Description = "K=1: normals only, Philox (the previous default)"), BenchmarkCategory("K=1")]
    public void NormalsOnlyPhilox1() => FusedEnsemble.Run<NormalsOnlyStep<OneNormal>>(Reset(1), Particles, [], [], Steps, new LaneNormals(Seed, 0, LaneNormalGenerator.Philox));

    [Benchmark(Description = "K=1: CounterNormals.Fill, 2n per 2 steps (to memory)"), BenchmarkCategory("K=1")]
    public void BulkFill1()
    {
        // The same numbers as LaneNormals with the Philox generator: stream (seed, path, ⌊s/2⌋, FirstStream), normal 2p + s mod 2 of particle p.
        for (var pair = 0; pair < Steps / 2; pair++) CounterNormals.Fill(Seed, 0, (uint)pair, LaneNormals.FirstStream, _buffer);
    }

    [Benchmark(Description = "K=1: Multiplicative SME-2 (FusedSme)"), BenchmarkCategory("K=1")]
    public void MultiplicativeSme2() => FusedSme.Run<Multiplicative.Sme2LaneStep>(Reset(1), Particles, Multiplicative.P, α, h, Steps, Seed);

    [Benchmark(Description = "K=1: Multiplicative SME-2, Philox normals (previous default)"), BenchmarkCategory("K=1")]
    public void MultiplicativeSme2Philox() => FusedSme.Run<Multiplicative.Sme2LaneStep>(Reset(1), Particles, Multiplicative.P, α, h, Steps, Seed,
        generator: LaneNormalGenerator.Philox);

    [Benchmark(Description = "K=1: Multiplicative SME-2, stream normals (opt-in)"), BenchmarkCategory("K=1")]
    public void MultiplicativeSme2Stream() => FusedSme.Run<Multiplicative.Sme2LaneStep>(Reset(1), Particles, Multiplicative.P, α, h, Steps, Seed,
        generator: LaneNormalGenerator.Stream);

    [Benchmark(Baseline = true, Description = "K=3: normals only"), BenchmarkCategory("K=3")]
    public void NormalsOnly3() => FusedEnsemble.Run<NormalsOnlyStep<ThreeNormals>>(Reset(1), Particles, [], [], Steps, new LaneNormals(Seed, 0));

    [Benchmark(Description = "K=3: LinearRegression SgdIndependentLaneStep"), BenchmarkCategory("K=3")]
    public void RegressionSgdIndependent() => FusedSgd.RunIndependent<LinearRegression.SgdIndependentLaneStep>(Reset(2), Particles, LinearRegression.P, α, Steps, Seed);

    [Benchmark(Baseline = true, Description = "K=5: normals only"), BenchmarkCategory("K=5")]
    public void NormalsOnly5() => FusedEnsemble.Run<NormalsOnlyStep<FiveNormals>>(Reset(1), Particles, [], [], Steps, new LaneNormals(Seed, 0));

    [Benchmark(Description = "K=5: LinearRegression SME-1"), BenchmarkCategory("K=5")]
    public void RegressionSme1() => FusedSme.Run<LinearRegression.Sme1LaneStep>(Reset(2), Particles, LinearRegression.P, α, h, Steps, Seed);

    [Benchmark(Description = "K=5: LinearRegression SME-2"), BenchmarkCategory("K=5")]
    public void RegressionSme2() => FusedSme.Run<LinearRegression.Sme2LaneStep>(Reset(2), Particles, LinearRegression.P, α, h, Steps, Seed);
}
