using System.Globalization;
using FlowDsl.Network;

namespace FlowDsl.Mnist.Flows;

/// <summary>The `flows` report: per observable and level ê ± SE for every model, the SME-1/SMF-2 comparison, rates and costs.</summary>
public static class FlowsTable
{
    /// <summary>The report's lines.</summary>
    /// <param name="result">The study.</param>
    /// <param name="solverBias">Per level, the SH2 (Heun) bias estimate of the gradient flow on each observable, |f_h − f_{h/2}|·4/3 (math.md §5.8), or null.</param>
    public static IReadOnlyList<string> Lines(NetworkFlowResult result, double[][]? solverBias = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var models = result.Models;
        var compare = models.Contains("SME-1") && models.Contains("SMF-2");
        static string Star(double v, double se) => v != 0 && Math.Abs(v) >= 2 * se ? "* " : "  ";
        string Pm(double v, double se) => string.Create(inv, $"{v,10:G3} ± {se,-9:G2}");
        var lines = new List<string>();
        foreach (var o in result.Observables)
        {
            lines.Add($"observable: {o} at T = {result.Horizon.ToString("G4", inv)}   (ê = E f(SGD) − E f(model); * = |ê| ≥ 2 SE)");
            lines.Add("  α        paths  E f(SGD) ± SE          " + string.Concat(models.Select(m => $"ê({m}) ± SE".PadRight(24))) +
                      (compare ? "|ê(SME-1)|−|ê(SMF-2)| ± SE   E f(SME-1)−E f(SMF-2) ± SE (paired)" : ""));
            for (var j = 0; j < result.Levels.Count; j++)
            {
                var l = result.Levels[j];
                var sgd = result.Error(models[0], o, j);
                var row = string.Create(inv, $"  {l.Alpha,-8:G4} {l.Paths,5}  {Pm(sgd.SgdMean, sgd.SgdSe)}  ");
                foreach (var m in models)
                {
                    var e = result.Error(m, o, j);
                    row += Pm(e.Error, e.ErrorSe) + Star(e.Error, e.ErrorSe);
                }
                if (compare)
                {
                    var (diff, diffSe) = result.AbsoluteErrorDifference("SME-1", "SMF-2", o, j);
                    var (paired, pairedSe) = result.ModelDifference("SME-1", "SMF-2", o, j);
                    row += Pm(diff, diffSe) + Star(diff, diffSe) + "    " + Pm(paired, pairedSe) + Star(paired, pairedSe);
                }
                lines.Add(row.TrimEnd());
            }
            lines.Add("  local rates p̂ = ln(êⱼ/êⱼ₊₁)/ln 2 (– where the signs differ): " + string.Join("; ", models.Select(m =>
                $"{m} " + string.Join(", ", Enumerable.Range(0, result.Levels.Count - 1).Select(j => result.Error(m, o, j).LocalRate is { } r ? r.ToString("F2", inv) : "–")))));
            if (solverBias is not null)
            {
                var o2 = result.Observables.ToList().IndexOf(o);
                lines.Add("  solver check (math.md §5.8), Heun bias of the gradient flow |f_h − f_{h/2}|·4/3 per level: " +
                          string.Join(", ", solverBias.Select(b => b[o2].ToString("G2", inv))));
            }
            lines.Add("  paths at which |ê| would be 2 SE (this run's spread): " + string.Join("; ", models.Select(m =>
                $"{m} " + string.Join(", ", Enumerable.Range(0, result.Levels.Count).Select(j => Count(result.Error(m, o, j).PathsToResolve))))));
        }
        if (result.StartingPoints == 1 && models.Contains("SME-2") && models.Contains("SMF-2"))
            lines.Add("note: from one starting point SME-2 and SMF-2 have the same law (math.md §3.2); driven by the same increments they coincide path by path and are simulated once. They differ only in the joint motion of several starting points.");
        foreach (var l in result.Levels)
            lines.Add(string.Create(inv, $"α = {l.Alpha:G4} ({l.Steps} SGD steps, {l.Paths} paths): {l.Wall.TotalSeconds:F1} s wall, {l.Cpu.TotalSeconds:F1} s CPU"));
        lines.Add(string.Create(inv, $"study: {result.Elapsed.TotalSeconds:F1} s wall, {result.Cpu.TotalSeconds:F1} s CPU; estimated before the run: {result.Estimate.WallSeconds:F0} s wall, {result.Estimate.CpuSeconds:F0} s CPU"));
        return lines;
    }

    private static string Count(long n) => n > 1_000_000_000 ? "> 10⁹" : n.ToString("N0", CultureInfo.InvariantCulture);
}
