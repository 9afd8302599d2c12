using System.Globalization;
using System.Text;

namespace FlowDsl.Network;

/// <summary>Wall and CPU time of one α-level.</summary>
/// <param name="Alpha">α = T/N.</param>
/// <param name="Steps">N, SGD steps.</param>
/// <param name="Paths">Paths.</param>
/// <param name="Wall">Wall time.</param>
/// <param name="Cpu">Process CPU time (all threads).</param>
public sealed record NetworkFlowLevel(double Alpha, int Steps, int Paths, TimeSpan Wall, TimeSpan Cpu);

/// <summary>ê = E f(SGD) − E f(model) at one α for one model and observable (math.md §7.2), with the means behind it.</summary>
/// <param name="Model">The continuous model.</param>
/// <param name="Observable">The observable.</param>
/// <param name="Alpha">α.</param>
/// <param name="SgdMean">Mean of f over the SGD paths.</param>
/// <param name="SgdSe">Its SE.</param>
/// <param name="ModelMean">Mean of f over the model's paths.</param>
/// <param name="ModelSe">Its SE (0 for a noiseless model).</param>
/// <param name="Error">ê.</param>
/// <param name="ErrorSe">SE of ê: sd(Dₚ)/√n with Dₚ = f(SGD path p) − f(model path p).</param>
/// <param name="LocalRate">p̂ = ln(êⱼ/êⱼ₊₁)/ln(αⱼ/αⱼ₊₁) to the next level, when both errors have the same sign.</param>
/// <param name="PathsToResolve">Paths at which |ê| would be 2 SE (from this run's sd of Dₚ), i.e. resolved at z = 2.</param>
public sealed record NetworkFlowError(string Model, string Observable, double Alpha, double SgdMean, double SgdSe, double ModelMean, double ModelSe,
    double Error, double ErrorSe, double? LocalRate, long PathsToResolve);

/// <summary>The outcome of a <see cref="NetworkFlowStudy{TModel}"/>: per level, model and observable ê ± SE and local rates.</summary>
public sealed class NetworkFlowResult
{
    private readonly double[][][] _sgd;                           // [level][observable][path]
    private readonly Dictionary<string, double[][][]> _models;    // model → [level][observable][path]
    private readonly string[] _observables;

    internal NetworkFlowResult(string model, NetworkFlowPlan plan, double[][][] sgd, Dictionary<string, double[][][]> models,
        NetworkFlowLevel[] levels, TimeSpan elapsed, TimeSpan cpu)
    {
        ModelName = model;
        Estimate = plan.Estimate;
        Batch = plan.Batch;
        Substeps = plan.Substeps;
        Horizon = plan.Horizon;
        Atoms = plan.Data.Count;
        StartingPoints = plan.Points.Length;
        _sgd = sgd;
        _models = models;
        _observables = plan.Observables.Select(o => o.Name).ToArray();
        Models = plan.Models.Select(m => m.Name).ToArray();
        Levels = levels;
        Elapsed = elapsed;
        Cpu = cpu;
        Errors = Models.SelectMany(m => _observables.SelectMany(o => Enumerable.Range(0, levels.Length).Select(j => Error(m, o, j)))).ToArray();
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }
    /// <summary>The estimate made before the run.</summary>
    public NetworkFlowEstimate Estimate { get; }
    /// <summary>B.</summary>
    public int Batch { get; }
    /// <summary>K.</summary>
    public int Substeps { get; }
    /// <summary>T.</summary>
    public double Horizon { get; }
    /// <summary>N.</summary>
    public int Atoms { get; }
    /// <summary>The number of starting points (with one, SME-k and SMF-k coincide path by path).</summary>
    public int StartingPoints { get; }
    /// <summary>The continuous models, in the order given.</summary>
    public IReadOnlyList<string> Models { get; }
    /// <summary>The observables.</summary>
    public IReadOnlyList<string> Observables => _observables;
    /// <summary>The levels, α decreasing.</summary>
    public IReadOnlyList<NetworkFlowLevel> Levels { get; }
    /// <summary>Every (model, observable, level) error.</summary>
    public IReadOnlyList<NetworkFlowError> Errors { get; }
    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; }
    /// <summary>Process CPU time of the run.</summary>
    public TimeSpan Cpu { get; }

    /// <summary>Per-path values of f under SGD at level <paramref name="level"/>.</summary>
    public IReadOnlyList<double> SgdValues(string observable, int level) => _sgd[level][Index(observable)];

    /// <summary>Per-path values of f under <paramref name="model"/> at level <paramref name="level"/>.</summary>
    public IReadOnlyList<double> ModelValues(string model, string observable, int level) => Values(model)[level][Index(observable)];

    /// <summary>ê ± SE for one model, observable and level.</summary>
    public NetworkFlowError Error(string model, string observable, int level)
    {
        var o = Index(observable);
        var d = Differences(_sgd[level][o], Values(model)[level][o]);
        var (e, se) = MeanAndSe(d);
        var (sm, sse) = MeanAndSe(_sgd[level][o]);
        var (mm, mse) = MeanAndSe(Values(model)[level][o]);
        double? rate = null;
        if (level + 1 < Levels.Count)
        {
            var next = MeanAndSe(Differences(_sgd[level + 1][o], Values(model)[level + 1][o])).Mean;
            if (Math.Sign(e) != 0 && Math.Sign(e) == Math.Sign(next)) rate = Math.Log(e / next) / Math.Log(Levels[level].Alpha / Levels[level + 1].Alpha);
        }
        var n = d.Length;
        var sd = se * Math.Sqrt(n);
        var needed = e == 0 ? long.MaxValue : (long)Math.Min(long.MaxValue / 2, Math.Ceiling(Math.Pow(2 * sd / Math.Abs(e), 2)));
        return new NetworkFlowError(model, observable, Levels[level].Alpha, sm, sse, mm, mse, e, se, rate, needed);
    }

    /// <summary>
    /// |ê(A)| − |ê(B)| ± SE at one level: the mean of Dₚ = sA·(f_SGD,p − f_A,p) − sB·(f_SGD,p − f_B,p), sX = sign ê(X),
    /// over the path tuples (positive: B is closer to SGD than A). The SE is conditional on the two estimated signs: when a
    /// sign is not resolved (|ê| &lt; 2 SE), read ê(A), ê(B) and <see cref="ModelDifference"/> instead.
    /// </summary>
    public (double Value, double Se) AbsoluteErrorDifference(string modelA, string modelB, string observable, int level)
    {
        var o = Index(observable);
        var (a, b) = (Values(modelA)[level][o], Values(modelB)[level][o]);
        var s = _sgd[level][o];
        var sa = Math.Sign(MeanAndSe(Differences(s, a)).Mean);
        var sb = Math.Sign(MeanAndSe(Differences(s, b)).Mean);
        return MeanAndSe(s.Select((v, p) => sa * (v - a[p]) - sb * (v - b[p])).ToArray());
    }

    /// <summary>E f(A) − E f(B) ± SE at one level, paired (the models share the Brownian path): resolved far below ê.</summary>
    public (double Value, double Se) ModelDifference(string modelA, string modelB, string observable, int level)
    {
        var o = Index(observable);
        return MeanAndSe(Differences(Values(modelA)[level][o], Values(modelB)[level][o]));
    }

    /// <summary>A text table: per level and observable, E f(SGD) and per model ê ± SE, the local rate and the paths that would resolve ê.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"{ModelName}: minibatch SGD (B = {Batch}) vs continuous models on the empirical law of N = {Atoms:N0} atoms, T = {Horizon:G4}, SH2 with h = α/{Substeps}; ê = E f(SGD) − E f(model)");
        foreach (var o in _observables)
        {
            sb.AppendLine(inv, $"observable: {o}");
            sb.AppendLine("  α         paths   E f(SGD) ± SE            model    ê ± SE                   local rate   paths for |ê| = 2 SE");
            for (var j = 0; j < Levels.Count; j++)
                foreach (var m in Models)
                {
                    var e = Error(m, o, j);
                    sb.AppendLine(inv, $"  {Levels[j].Alpha,-9:G4} {Levels[j].Paths,5}   {e.SgdMean,10:G6} ± {e.SgdSe,-10:G3}   {m,-7}  {e.Error,10:G3} ± {e.ErrorSe,-10:G3}   {(e.LocalRate is { } r ? r.ToString("F2", inv) : "–"),10}   {(e.PathsToResolve == long.MaxValue ? "∞" : e.PathsToResolve.ToString("N0", inv))}");
                }
        }
        foreach (var l in Levels)
            sb.AppendLine(inv, $"α = {l.Alpha:G4}: {l.Paths} paths, {l.Wall.TotalSeconds:F1} s wall, {l.Cpu.TotalSeconds:F1} s CPU");
        sb.AppendLine(inv, $"total: {Elapsed.TotalSeconds:F1} s wall, {Cpu.TotalSeconds:F1} s CPU; estimate before the run: {Estimate}");
        return sb.ToString();
    }

    /// <summary>Every error as CSV, one row per (model, observable, level).</summary>
    public void WriteCsv(string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = Errors.Select(e => string.Create(inv,
            $"{e.Model},{e.Observable},{e.Alpha:R},{e.SgdMean:R},{e.SgdSe:R},{e.ModelMean:R},{e.ModelSe:R},{e.Error:R},{e.ErrorSe:R},{(e.LocalRate is { } r ? r.ToString("R", inv) : "")},{e.PathsToResolve}"));
        File.WriteAllLines(path, lines.Prepend("model,observable,alpha,sgd_mean,sgd_se,model_mean,model_se,error,error_se,local_rate,paths_to_resolve"));
    }

    private double[][][] Values(string model) =>
        _models.TryGetValue(model, out var v) ? v : throw new ArgumentException($"No model '{model}' in this result; it has {string.Join(", ", Models)}.", nameof(model));

    private int Index(string observable)
    {
        var o = Array.IndexOf(_observables, observable);
        return o >= 0 ? o : throw new ArgumentException($"No observable '{observable}' in this result; it has {string.Join(", ", _observables)}.", nameof(observable));
    }

    private static double[] Differences(double[] a, double[] b) => a.Select((v, p) => v - b[p]).ToArray();

    private static (double Mean, double Se) MeanAndSe(double[] values) => Study.PathStatistics.MeanAndError(values);
}
