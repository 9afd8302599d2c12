using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Random;

namespace FlowDsl.Samples.MeanField;

/// <summary>
/// Trains the <see cref="TeacherStudent"/> network (n neurons = particles, x = (a, w, b)) on a fixed training set of
/// N draws θ ~ N(0, I₈) by particle SGD, and runs DD-SF and DD-SMF (SH2) from the same initial neurons over the same
/// horizon; records the risk 𝓔(νⁿ) and the neuron cloud (a, |w|) along the way.
/// </summary>
internal static class TeacherStudentComparison
{
    /// <summary>One model's paths: risk over time per path, and the neurons of path 0 at the snapshot times.</summary>
    public sealed record ModelRun(string Name, double[] Times, double[][] Risk, IReadOnlyList<(double Time, double[] Particles)> Snapshots, double Seconds);

    public static void Run(SampleOptions options)
    {
        var data = MeanFieldData.FromSample<TeacherStudent>(TeacherStudent.P, options.DataSize, options.Seed);
        var initial = InitialNeurons(options.Neurons, options.Seed);
        var d = TeacherStudent.Layout.ParameterCount;
        Console.WriteLine($"Teacher–student: {TeacherStudent.Layout}; n = {options.Neurons} neurons, N = {options.DataSize} training points, " +
                          $"α = {options.Alpha}, T = {options.Horizon}, SH2 h = α/{options.Substeps}, {options.Threads} threads.");
        Console.WriteLine($"Initial risk 𝓔(ν₀) = {MeasureObservables.Risk<TeacherStudent>(initial, data):F5}");

        var runs = new List<ModelRun>
        {
            RunModel("particle SGD", options, initial, data, options.SgdPaths, parallelPaths: true,
                () => new ParticleSgd<TeacherStudent>(data, options.Neurons, options.Alpha)),
            RunModel("DD-SF (M2)", options, initial, data, options.FlowPaths, parallelPaths: false,
                () => new MeanFieldFlow<TeacherStudent>(data, options.Neurons, MeanFieldFlowKind.DistributionDependentFlow, options.Alpha, options.Substeps, options.Threads)),
            RunModel("DD-SMF (M3)", options, initial, data, options.FlowPaths, parallelPaths: false,
                () => new MeanFieldFlow<TeacherStudent>(data, options.Neurons, MeanFieldFlowKind.DistributionDependentModifiedFlow, options.Alpha, options.Substeps, options.Threads)),
            RunModel("mean-field ODE (M0)", options, initial, data, 1, parallelPaths: false,
                () => new MeanFieldFlow<TeacherStudent>(data, options.Neurons, MeanFieldFlowKind.MeanFieldOde, options.Alpha, options.Substeps, options.Threads)),
        };

        Console.WriteLine();
        Console.WriteLine($"{"model",-22} {"paths",5} {"risk(T) mean",13} {"± SE",9} {"time (s)",9}");
        foreach (var run in runs)
        {
            var final = run.Risk.Select(r => r[^1]).ToArray();
            var mean = final.Average();
            var se = final.Length > 1 ? Math.Sqrt(final.Sum(v => (v - mean) * (v - mean)) / (final.Length - 1) / final.Length) : double.NaN;
            Console.WriteLine($"{run.Name,-22} {final.Length,5} {mean,13:F5} {se,9:F5} {run.Seconds,9:F1}");
        }
        ComparisonPlots.Save(options.Output, runs, d);
    }

    /// <summary>a ~ N(0,1), w ~ N(0, I/8), b ~ N(0, 0.1²), from CounterRng (seed, path 0, step k, stream 7).</summary>
    private static double[] InitialNeurons(int n, ulong seed)
    {
        var d = TeacherStudent.Layout.ParameterCount;
        var x = new double[n * d];
        for (var k = 0; k < n; k++)
        {
            var rng = new CounterRng(seed, 0, (uint)k, 7);
            x[k * d] = rng.NextNormal();
            for (var i = 1; i <= TeacherStudent.D; i++) x[k * d + i] = rng.NextNormal() / Math.Sqrt(TeacherStudent.D);
            x[k * d + TeacherStudent.D + 1] = 0.1 * rng.NextNormal();
        }
        return x;
    }

    private static ModelRun RunModel(string name, SampleOptions options, double[] initial, MeanFieldData data, int paths,
        bool parallelPaths, Func<IMeanFieldStepper> create)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var probe = create();
        var every = Math.Max(1, (int)Math.Round(options.Alpha / probe.TimeStep));
        var steps = MeanFieldSimulation.StepsFor(probe, options.Horizon);
        var times = Enumerable.Range(0, steps / every + 1).Select(i => Math.Min(i * every, steps) * probe.TimeStep).ToArray();
        var risk = new double[paths][];
        var snapshots = new List<(double, double[])>();
        var snapshotSteps = new[] { 0, steps / 2, steps };

        void OnePath(int p, IMeanFieldStepper stepper)
        {
            var x = (double[])initial.Clone();
            var values = new List<double>();
            MeanFieldSimulation.Run(stepper, x, options.Horizon, options.Seed, (uint)p, (step, t, state) =>
            {
                values.Add(MeasureObservables.Risk<TeacherStudent>(state, data));
                if (p == 0 && snapshotSteps.Contains(step))
                    lock (snapshots) snapshots.Add((t, (double[])state.Clone()));
            }, every);
            risk[p] = [.. values];
        }

        if (parallelPaths)
            Parallel.For(0, paths, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, p => OnePath(p, create()));
        else
            for (var p = 0; p < paths; p++) OnePath(p, p == 0 ? probe : create());
        Console.WriteLine($"  {probe.Name}: {paths} path(s) in {clock.Elapsed.TotalSeconds:F1} s");
        return new ModelRun(name, times, risk, snapshots, clock.Elapsed.TotalSeconds);
    }
}
