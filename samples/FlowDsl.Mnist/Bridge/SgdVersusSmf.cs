using FlowDsl.Random;

namespace FlowDsl.Mnist.Bridge;

/// <summary>Mean ± standard error of the observable at one time, for SGD, the SMF-2 and the gradient flow.</summary>
/// <param name="SgdStep">SGD steps i; the time is t = iα.</param>
/// <param name="Time">t = iα.</param>
/// <param name="Sgd">SGD mean and SE over paths.</param>
/// <param name="Smf">SMF-2 mean and SE over paths.</param>
/// <param name="GradientFlow">The deterministic gradient flow dX = −∇R dt (Heun), for scale.</param>
public sealed record ObservablePoint(int SgdStep, double Time, (double Mean, double Se) Sgd, (double Mean, double Se) Smf, double GradientFlow)
{
    /// <summary>z = (SGD − SMF)/√(SE²+SE²).</summary>
    public double Z => (Sgd.Mean - Smf.Mean) / Math.Sqrt(Sgd.Se * Sgd.Se + Smf.Se * Smf.Se);
}

/// <summary>
/// The short-horizon comparison: batch-1 SGD with θ drawn uniformly from the N atoms, x_{i+1} = x_i − α∇R(x_i,θ_i),
/// versus SMF-2 for the same empirical law (SH2, h = α/SubSteps), from the same x0. The observable is the mean risk on
/// a probe batch of test digits at t = iα for i = K/4, K/2, 3K/4, K. Path p uses CounterRng(seed, p, step, stream),
/// so results do not depend on the thread count.
/// </summary>
public static class SgdVersusSmf
{
    private const uint SgdStream = 1, SmfStream = 2;

    /// <summary>Runs both ensembles and the gradient flow.</summary>
    public static IReadOnlyList<ObservablePoint> Run<TModel>(double[] x0, double[][] atoms, double[][] probes, BridgeOptions options)
        where TModel : IRiskModel
    {
        var checkpoints = new[] { 0, options.SgdSteps / 4, options.SgdSteps / 2, 3 * options.SgdSteps / 4, options.SgdSteps };
        var sgd = new double[options.Paths, checkpoints.Length];
        var smf = new double[options.Paths, checkpoints.Length];
        double Observe(double[] x) => probes.Average(θ => TModel.Risk(x, θ));

        Parallel.For(0, options.Paths, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, p =>
        {
            var x = (double[])x0.Clone();
            var g = new double[x.Length];
            var c = 0;
            for (var i = 0; i <= options.SgdSteps; i++)
            {
                if (i == checkpoints[c]) sgd[p, c++] = Observe(x);
                if (i == options.SgdSteps) break;
                var rng = new CounterRng(options.Seed, (uint)p, (uint)i, SgdStream);
                var j = (int)(rng.NextUniform() * atoms.Length);
                TModel.Gradient(x, atoms[j], g);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, -options.Alpha, x, x);
            }

            var y = (double[])x0.Clone();
            var stepper = new SmfStepper<TModel>(new EmpiricalRisk<TModel>(atoms), options.Alpha);
            var h = options.Alpha / options.SubSteps;
            c = 0;
            for (var i = 0; i <= options.SgdSteps; i++)
            {
                if (i == checkpoints[c]) smf[p, c++] = Observe(y);
                if (i == options.SgdSteps) break;
                for (var s = 0; s < options.SubSteps; s++)
                {
                    var rng = new CounterRng(options.Seed, (uint)p, (uint)(i * options.SubSteps + s), SmfStream);
                    stepper.Step(y, h, ref rng);
                }
            }
            if (Array.Exists(y, v => !double.IsFinite(v)))
                throw new InvalidOperationException($"{TModel.Name}: the SMF path {p} reached NaN/∞ (α = {options.Alpha}, h = {h}).");
        });

        var flow = GradientFlow<TModel>(x0, atoms, options, checkpoints, Observe);
        return checkpoints.Select((i, c) => new ObservablePoint(i, i * options.Alpha,
            MeanSe(sgd, c), MeanSe(smf, c), flow[c])).ToArray();
    }

    /// <summary>Heun for dX = −∇R(X) dt with h = α/SubSteps, observed at the checkpoints.</summary>
    private static double[] GradientFlow<TModel>(double[] x0, double[][] atoms, BridgeOptions options, int[] checkpoints, Func<double[], double> observe)
        where TModel : IRiskModel
    {
        var risk = new EmpiricalRisk<TModel>(atoms);
        var x = (double[])x0.Clone();
        var (g0, g1, predictor) = (new double[x.Length], new double[x.Length], new double[x.Length]);
        var h = options.Alpha / options.SubSteps;
        var result = new double[checkpoints.Length];
        var c = 0;
        for (var i = 0; i <= options.SgdSteps; i++)
        {
            if (i == checkpoints[c]) result[c++] = observe(x);
            if (i == options.SgdSteps) break;
            for (var s = 0; s < options.SubSteps; s++)
            {
                risk.GradientSweep(x, g0, default, default);
                for (var k = 0; k < x.Length; k++) predictor[k] = x[k] - h * g0[k];
                risk.GradientSweep(predictor, g1, default, default);
                for (var k = 0; k < x.Length; k++) x[k] -= 0.5 * h * (g0[k] + g1[k]);
            }
        }
        return result;
    }

    private static (double Mean, double Se) MeanSe(double[,] values, int column)
    {
        var n = values.GetLength(0);
        var mean = 0.0;
        for (var p = 0; p < n; p++) mean += values[p, column];
        mean /= n;
        var ss = 0.0;
        for (var p = 0; p < n; p++) ss += (values[p, column] - mean) * (values[p, column] - mean);
        return (mean, Math.Sqrt(ss / (n - 1) / n));
    }
}
