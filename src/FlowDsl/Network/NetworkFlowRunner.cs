using System.Diagnostics;
using System.Numerics.Tensors;
using FlowDsl.Random;
using FlowDsl.Simulation;

namespace FlowDsl.Network;

/// <summary>
/// Runs a <see cref="NetworkFlowPlan"/>: per level, work items (one per path, plus one per noiseless model) run in parallel
/// over the worker threads; each writes only its own result slots, and every random draw is keyed by
/// (seed, path, step, stream), so the numbers do not depend on the thread count.
/// </summary>
internal sealed class NetworkFlowRunner<TModel>(NetworkFlowPlan plan, Action<string>? progress) where TModel : IRiskModel
{
    private const uint SgdStream = 0x5347_0000, BrownianStream = 0x4257_0000;

    public NetworkFlowResult Run()
    {
        var computations = plan.Computations;
        var levels = plan.Steps.Length;
        var sgd = new double[levels][][];
        var models = new double[levels][][][];
        var timing = new NetworkFlowLevel[levels];
        var total = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        for (var j = 0; j < levels; j++)
        {
            var clock = Stopwatch.StartNew();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            sgd[j] = Table();
            models[j] = computations.Select(_ => Table()).ToArray();
            var deterministic = Enumerable.Range(0, computations.Length).Where(c => computations[c].Model.Noise == NoiseModel.None).ToArray();
            var items = plan.Paths + deterministic.Length;
            var level = j;
            RunItems(items, item =>
            {
                if (item >= plan.Paths)
                {
                    var c = deterministic[item - plan.Paths];
                    var values = Simulate(computations[c].Model, level, path: 0);
                    for (var o = 0; o < values.Length; o++) Array.Fill(models[level][c][o], values[o]);
                    return;
                }
                Store(sgd[level], item, Sgd(level, item));
                for (var c = 0; c < computations.Length; c++)
                    if (computations[c].Model.Noise != NoiseModel.None) Store(models[level][c], item, Simulate(computations[c].Model, level, item));
            });
            process.Refresh();
            timing[j] = new NetworkFlowLevel(plan.Horizon / plan.Steps[j], plan.Steps[j], plan.Paths, clock.Elapsed, process.TotalProcessorTime - cpu0);
            progress?.Invoke($"α = {timing[j].Alpha:G4} ({plan.Steps[j]} SGD steps, {plan.Paths} paths): {timing[j].Wall.TotalSeconds:F1} s wall, {timing[j].Cpu.TotalSeconds:F1} s CPU");
        }
        process.Refresh();
        var byModel = plan.Models.ToDictionary(m => m.Name, m =>
        {
            var c = Array.FindIndex(computations, x => x.Key == plan.Key(m));
            return Enumerable.Range(0, levels).Select(j => models[j][c]).ToArray();
        });
        return new NetworkFlowResult(TModel.Name, plan, sgd, byModel, timing, total.Elapsed, process.TotalProcessorTime - cpuStart);
    }

    /// <summary>Parallel.For over the items; the first failure (e.g. a <see cref="DivergenceException"/>) is rethrown as itself.</summary>
    private void RunItems(int items, Action<int> body)
    {
        try { Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = plan.Threads }, body); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
    }

    private double[][] Table() => plan.Observables.Select(_ => new double[plan.Paths]).ToArray();

    private static void Store(double[][] table, int path, double[] values)
    {
        for (var o = 0; o < values.Length; o++) table[o][path] = values[o];
    }

    private double[][] Start() => plan.Points.Select(u => (double[])u.Clone()).ToArray();

    private double[] Observe(double[][] states) =>
        plan.Observables.Select(o => o.Evaluate(states[0], states[Math.Min(1, states.Length - 1)])).ToArray();

    /// <summary>Minibatch SGD of path <paramref name="path"/> at level <paramref name="level"/>: one batch per step shared by the points.</summary>
    private double[] Sgd(int level, int path)
    {
        var alpha = plan.Horizon / plan.Steps[level];
        var sgd = new MinibatchSgd<TModel>(plan.Data, plan.Batch);
        var states = Start();
        // Coupled: the batch of step i is driven by the Brownian increment of the models over [iα, (i+1)α] (point 0's
        // path), ξ = ΔW/√α, summed from the finest grid as in Simulate.
        var fine = plan.Steps.Max() / plan.Steps[level] * plan.Substeps;
        var (xi, normals) = plan.CoupleSgd ? (NetworkBuffers.Vector(plan.Data.Count), NetworkBuffers.Vector(plan.Data.Count)) : ([], []);
        for (var i = 0; i < plan.Steps[level]; i++)
        {
            if (plan.CoupleSgd)
            {
                Array.Clear(xi);
                for (var r = 0; r < fine; r++)
                {
                    var brownian = new CounterRng(plan.Seed, (uint)path, (uint)(i * fine + r), BrownianStream);
                    brownian.FillNormal(normals);
                    TensorPrimitives.Add(xi, normals, xi);
                }
                TensorPrimitives.Multiply(xi, 1 / Math.Sqrt(fine), xi);
                sgd.DrawCoupled(xi);
            }
            else
            {
                var rng = new CounterRng(plan.Seed, (uint)path, (uint)i, SgdStream + (uint)level);
                sgd.DrawBatch(ref rng);
            }
            foreach (var x in states) sgd.Step(x, alpha);
            CheckFinite(states, $"SGD (B = {plan.Batch}, α = {alpha:G4})", i + 1, path, null);
        }
        return Observe(states);
    }

    /// <summary>
    /// One path of <paramref name="model"/> at level <paramref name="level"/>: SH2 with h = α/K, the increments summed
    /// from the finest level's grid so that every level and model of the path sees the same Brownian path.
    /// </summary>
    private double[] Simulate(ContinuousModel model, int level, int path)
    {
        var steps = plan.Steps[level];
        var alpha = plan.Horizon / steps;
        var h = alpha / plan.Substeps;
        var ratio = plan.Steps.Max() / steps;
        var fineScale = Math.Sqrt(plan.Horizon / (plan.Steps.Max() * (double)plan.Substeps));
        var stepper = new FactorNoiseStepper<TModel>(plan.Data, model, alpha, plan.Batch);
        var states = Start();
        var independent = model.Noise == NoiseModel.SmeIndependent;
        var increments = NetworkBuffers.Vector(plan.Data.Count);
        var normals = NetworkBuffers.Vector(plan.Data.Count);
        for (var s = 0; s < steps * plan.Substeps; s++)
        {
            for (var k = 0; k < states.Length; k++)
            {
                if (model.Noise != NoiseModel.None && (k == 0 || independent))
                {
                    Array.Clear(increments);
                    for (var r = 0; r < ratio; r++)
                    {
                        var rng = new CounterRng(plan.Seed, (uint)path, (uint)(s * ratio + r), BrownianStream + (uint)(independent ? k : 0));
                        rng.FillNormal(normals);
                        for (var j = 0; j < normals.Length; j++) increments[j] += fineScale * normals[j];
                    }
                }
                stepper.Step(states[k], h, increments);
            }
            if ((s + 1) % plan.Substeps == 0)
                CheckFinite(states, $"{model.Name} (SH2, α = {alpha:G4}, h = α/{plan.Substeps})", (s + 1) / plan.Substeps, path, null);
        }
        return Observe(states);
    }

    private static void CheckFinite(double[][] states, string simulator, int step, int path, double? time)
    {
        for (var k = 0; k < states.Length; k++)
        {
            var i = Array.FindIndex(states[k], v => !double.IsFinite(v));
            if (i >= 0) throw new DivergenceException(TModel.Name, simulator, step, path, k, states[k][i], time, i);
        }
    }
}
