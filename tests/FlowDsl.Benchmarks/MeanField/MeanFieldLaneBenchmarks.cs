using BenchmarkDotNet.Attributes;
using FlowDsl.MeanField;
using FlowDsl.Models;

namespace FlowDsl.Benchmarks.MeanField;

/// <summary>
/// One M3 (DD-SMF, SH2) step and one particle-SGD step with the unit calls through the generated feature lanes (the
/// default: widest accelerated width, scalar-width tail) against the span kernels (one call per particle), for
/// <see cref="TanhUnit"/> (d = 2) and <see cref="TeacherStudent"/> (d = 10, θ ∈ ℝ⁸) on an empirical P of N = 32 atoms;
/// single thread. Run: <c>dotnet run -c Release --project tests/FlowDsl.Benchmarks -- --filter *MeanFieldLane*</c>.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
public class MeanFieldLaneBenchmarks
{
    private const int Atoms = 32;
    private IMeanFieldStepper _modified = null!;
    private IMeanFieldStepper _sgd = null!;
    private double[] _state = [];
    private uint _step;

    /// <summary>The unit: "TanhUnit" or "TeacherStudent".</summary>
    [Params("TanhUnit", "TeacherStudent")]
    public string Model { get; set; } = "TanhUnit";

    /// <summary>n, the number of particles.</summary>
    [Params(256, 512, 1024)]
    public int Particles { get; set; }

    /// <summary>True: feature lanes; false: span kernels.</summary>
    [Params(false, true)]
    public bool Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var kernels = Lanes ? default : UnitKernelOptions.Span;
        if (Model == "TanhUnit")
        {
            var atoms = Enumerable.Range(0, Atoms).SelectMany(j => new[] { Math.Sin(1.3 * j), Math.Cos(0.7 * j) }).ToArray();
            var data = MeanFieldData.FromAtoms<TanhUnit>(atoms, Enumerable.Repeat(1.0 / Atoms, Atoms).ToArray());
            _modified = new MeanFieldFlow<TanhUnit>(data, Particles, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 4, 1, kernels);
            _sgd = new ParticleSgd<TanhUnit>(data, Particles, 0.1, 1, kernels);
        }
        else
        {
            var data = MeanFieldData.FromSample<TeacherStudent>(TeacherStudent.P, Atoms, seed: 5);
            _modified = new MeanFieldFlow<TeacherStudent>(data, Particles, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 4, 1, kernels);
            _sgd = new ParticleSgd<TeacherStudent>(data, Particles, 0.1, 1, kernels);
        }
        // The state keeps evolving across invocations; the step cost does not depend on where the particles are.
        _state = Enumerable.Range(0, _modified.Dimension * Particles).Select(i => 0.5 * Math.Sin(0.37 * i)).ToArray();
    }

    /// <summary>One M3 step: the §4.5 sums at three supporting configurations.</summary>
    [Benchmark]
    public void DdSmfStep() => _modified.Step(_state, 1, 0, _step++);

    /// <summary>One particle-SGD step: Φ and ∇Φ of every particle at one drawn atom.</summary>
    [Benchmark]
    public void SgdStep() => _sgd.Step(_state, 1, 0, _step++);
}
