using FlowDsl.MeanField;
using FlowDsl.Models;

namespace FlowDsl.Samples.MeanField;

/// <summary>
/// The full-size weak-order study (<c>--orders</c>): <see cref="TanhUnit"/>, n = 3 particles, N = 2 atoms, T = 1,
/// α ∈ {1/4, 1/8, 1/16}; SGD by exact enumeration, DD-SF and DD-SMF by SH2 (h = α/4) with antithetic pairs; several
/// measure observables; the solver bias checked with h/2 at the finest level (math.md §5.8).
/// </summary>
internal static class WeakOrderStudy
{
    public static void Run(SampleOptions options)
    {
        var data = MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1], [0.5, 0.5]);
        double[] x = [0.8 * Math.Cos(0.2), 0.6 * Math.Sin(0.5) - 0.2, 0.8 * Math.Cos(1.5) + 0.033, 0.6 * Math.Sin(2.6) - 0.2, 0.8 * Math.Cos(2.8) + 0.067, 0.6 * Math.Sin(4.7) - 0.2];
        var observables = new[]
        {
            MeasureObservable.Mean(2, 0),
            MeasureObservable.SecondMoment(2, 1, 1),
            MeasureObservable.Integral("⟨sin x₁ cos x₂⟩", 2, p => Math.Sin(p[0]) * Math.Cos(p[1])),
            MeasureObservable.Output<TanhUnit>([0.5, 0.5]),
            MeasureObservable.Risk<TanhUnit>(data),
        };
        Console.WriteLine();
        Console.WriteLine($"Weak orders on {TanhUnit.Name} (n = 3, N = 2, T = 1), {options.OrderPairs} antithetic pairs per level:");
        Console.WriteLine($"{"observable",-18} {"model",-7} {"e(1/4)",11} {"e(1/8)",11} {"e(1/16)",11} {"p̂",7} {"SE",6}");
        foreach (var observable in observables)
            foreach (var kind in new[] { MeanFieldFlowKind.DistributionDependentFlow, MeanFieldFlowKind.DistributionDependentModifiedFlow })
            {
                var levels = new List<WeakErrorLevel>();
                foreach (var steps in new[] { 4, 8, 16 })
                {
                    var alpha = 1.0 / steps;
                    var sgd = MeanFieldWeakError.ExactSgdExpectation<TanhUnit>(data, x, alpha, 1.0, observable);
                    var (mean, se) = MeanFieldWeakError.FlowExpectation<TanhUnit>(data, x, kind, alpha, 4, 1.0, observable, options.OrderPairs, options.Seed, options.Threads);
                    levels.Add(new WeakErrorLevel(alpha, sgd, 0, mean, se));
                }
                var model = kind == MeanFieldFlowKind.DistributionDependentFlow ? "DD-SF" : "DD-SMF";
                try
                {
                    var fit = WeakOrderEstimate.Fit(levels);
                    Console.WriteLine($"{observable.Name,-18} {model,-7} {levels[0].Error,11:E3} {levels[1].Error,11:E3} {levels[2].Error,11:E3} {fit.Order,7:F3} {fit.StandardError,6:F3}");
                }
                catch (ArgumentException e)
                {
                    Console.WriteLine($"{observable.Name,-18} {model,-7} {levels[0].Error,11:E3} {levels[1].Error,11:E3} {levels[2].Error,11:E3}  ({e.Message})");
                }
            }
    }
}
