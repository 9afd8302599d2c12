using BenchmarkDotNet.Attributes;
using FlowDsl.MeanField;
using FlowDsl.Models;

namespace FlowDsl.Benchmarks.MeanField;

/// <summary>
/// The cost of one SH2 step versus the number of particles n: M1, the classical particle SDE with its dn×dn covariance
/// and symmetric square root (O((dn)³) per step), against M3, the DD-SMF with the cylindrical noise (O(n·N) per step).
/// Unit: the generated <see cref="TanhUnit"/> (d = 2) on an empirical P of N = 32 atoms; single thread.
/// Run: <c>dotnet run -c Release --project tests/FlowDsl.Benchmarks -- --filter *MeanFieldStep*</c>.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
public class MeanFieldStepBenchmarks
{
    private const int Atoms = 32;
    private ClassicalParticleSde<TanhUnit> _classical = null!;
    private MeanFieldFlow<TanhUnit> _modified = null!;
    private double[] _state = [];
    private uint _step;

    /// <summary>n, the number of particles.</summary>
    [Params(4, 8, 12, 16, 24, 32, 64, 128, 256)]
    public int Particles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var atoms = Enumerable.Range(0, Atoms).SelectMany(j => new[] { Math.Sin(1.3 * j), Math.Cos(0.7 * j) }).ToArray();
        var data = MeanFieldData.FromAtoms<TanhUnit>(atoms, Enumerable.Repeat(1.0 / Atoms, Atoms).ToArray());
        _classical = new ClassicalParticleSde<TanhUnit>(data, Particles, 0.1);
        _modified = new MeanFieldFlow<TanhUnit>(data, Particles, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1);
        // The state keeps evolving across invocations; the step cost does not depend on where the particles are.
        _state = Enumerable.Range(0, 2 * Particles).Select(i => 0.5 * Math.Sin(0.37 * i)).ToArray();
    }

    /// <summary>One M1 step: two dn×dn covariances and symmetric eigendecompositions.</summary>
    [Benchmark]
    public void ClassicalParticleSdeStep() => _classical.Step(_state, 1, 0, _step++);

    /// <summary>One M3 step: the §4.5 sums at three supporting configurations.</summary>
    [Benchmark(Baseline = true)]
    public void DdSmfStep() => _modified.Step(_state, 1, 0, _step++);
}
