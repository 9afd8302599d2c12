using System.Diagnostics;
using FlowDsl.Models;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks;

/// <summary>
/// Where the time of one stochastic-Heun substep of an SME-2 path goes for a model whose means are sums over nodes
/// (`dotnet run -c Release -- quick means`): the node gradients, the Hessian-vector products, Σ from the node gradients and
/// its symmetric root, each timed alone over many repetitions at a fixed point.
/// </summary>
internal static class MeanProfile
{
    public static void Run()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "data", "logistic-1000.csv");
        foreach (var lanes in new[] { false, true })
        {
            Console.WriteLine(lanes ? $"Node lanes ({SimdWidths.Best}):" : "One span-kernel call per node (before):");
            var tanh = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-3, 512));
            if (!lanes) tanh.UseNodeLanes(null);
            Profile(tanh, [0.8, -0.5, 0.3, 0.2, 0.6, -0.7, 1.0, -0.8]);
            var softplus = new MeanRisk<SoftplusRegression>(Law.EmpiricalFromFile(data));
            if (!lanes) softplus.UseNodeLanes(null);
            Profile(softplus, [1.0, -1.0, 0.5]);
        }
    }

    private static void Profile<TModel>(MeanRisk<TModel> mean, double[] x) where TModel : IRiskModel
    {
        var d = mean.Dimension;
        var nodes = mean.NodeCount;
        var gradients = new double[mean.NodeGradientsLength];
        var g = new double[d];
        var hv = new double[d];
        var kernel = new double[d * d];
        var centred = new double[mean.KernelScratchLength];
        var root = new double[d * d];
        var work = new double[TridiagonalEigen.WorkLength(d)];
        Console.WriteLine($"{TModel.Name}: d = {d}, {nodes} nodes ({mean.Method})");
        var gradient = Time(() => mean.NodeGradients(x, gradients, g));
        var hvp = Time(() => mean.HessianVectorProduct(x, g, hv));
        var sigma = Time(() => mean.KernelFromNodes(gradients, g, kernel, centred));
        var eigen = mean.HasNodeLanes
            ? Time(() => TridiagonalEigen.SquareRoot(kernel, d, root, work))
            : Time(() => SymmetricEigen.SquareRoot(kernel, d, root, work));
        // One SME-2 Heun substep: 3 node-gradient passes, 2 HVP passes, 2 Σ and 2 roots.
        var substep = 3 * gradient + 2 * hvp + 2 * sigma + 2 * eigen;
        Console.WriteLine($"  node gradients  {gradient * 1e6,9:F2} µs  ×3 = {3 * gradient / substep,5:P0}");
        Console.WriteLine($"  H̄v over nodes   {hvp * 1e6,9:F2} µs  ×2 = {2 * hvp / substep,5:P0}");
        Console.WriteLine($"  Σ from nodes    {sigma * 1e6,9:F2} µs  ×2 = {2 * sigma / substep,5:P0}");
        Console.WriteLine($"  Σ^½ ({(mean.HasNodeLanes ? "tred2/tql2" : "Jacobi")}) {eigen * 1e6,9:F2} µs  ×2 = {2 * eigen / substep,5:P0}");
        Console.WriteLine($"  SME-2 substep   {substep * 1e6,9:F2} µs");
    }

    /// <summary>Best CPU seconds per call over 5 rounds of ≈ 0.2 s each (after warm-up past tier 0).</summary>
    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 0.5) action();
        var process = Process.GetCurrentProcess();
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var calls = 0;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            watch.Restart();
            while (watch.Elapsed.TotalSeconds < 0.2) { action(); calls++; }
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - cpu).TotalSeconds / calls);
        }
        return best;
    }
}
