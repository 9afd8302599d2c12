using System.Diagnostics;

namespace FlowDsl.Mnist.Bridge;

/// <summary>Wall time per call of the value, gradient and Hessian-vector-product kernels (median of repeated sweeps after warm-up, measured as the thread's CPU time so an oversubscribed machine does not inflate them).</summary>
/// <param name="ValueSeconds">Seconds per R(x,θ).</param>
/// <param name="GradientSeconds">Seconds per ∇R(x,θ).</param>
/// <param name="HvpSeconds">Seconds per ∇²R(x,θ)·v.</param>
public sealed record KernelCosts(double ValueSeconds, double GradientSeconds, double HvpSeconds)
{
    /// <summary>Measures the three kernels in this process, interleaved, over the given samples.</summary>
    public static KernelCosts Measure<TModel>(double[] x, double[] v, double[][] samples, int repetitions = 7) where TModel : IRiskModel
    {
        var buffer = new double[x.Length];
        var sink = 0.0;
        double Sweep(int kernel)
        {
            var start = ThreadCpuClock.Seconds();
            foreach (var θ in samples)
            {
                switch (kernel)
                {
                    case 0: sink += TModel.Risk(x, θ); break;
                    case 1: sink += TModel.Gradient(x, θ, buffer); break;
                    default: TModel.HessianVectorProduct(x, θ, v, buffer); sink += buffer[0]; break;
                }
            }
            return (ThreadCpuClock.Seconds() - start) / samples.Length;
        }

        // Warm-up past tier-0 code (≥ 0.5 s), then interleave so machine noise hits all three alike.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.6) for (var k = 0; k < 3; k++) Sweep(k);
        var times = new List<double>[] { [], [], [] };
        for (var r = 0; r < repetitions; r++) for (var k = 0; k < 3; k++) times[k].Add(Sweep(k));
        GC.KeepAlive(sink);
        static double Median(List<double> t) => t.Order().ElementAt(t.Count / 2);
        return new KernelCosts(Median(times[0]), Median(times[1]), Median(times[2]));
    }
}
