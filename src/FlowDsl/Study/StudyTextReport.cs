using System.Globalization;
using System.Text;
using FlowDsl.Reports;
using FlowDsl.Study;

namespace FlowDsl.Study;

/// <summary>Renders a <see cref="WeakErrorResult"/> as text: configuration, verdicts, then every level.</summary>
internal static class StudyTextReport
{
    private static string F(double v, string format = "G4") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "NaN";
    private static string F(double? v, string format = "G4") => v is { } x ? F(x, format) : "—";

    public static string Render(WeakErrorResult result)
    {
        var c = result.Configuration;
        var sb = new StringBuilder();
        sb.AppendLine($"Weak-error study: {c.Model}, law {c.Law}, T = {F(c.Horizon)}, {c.Paths} paths{(c.Antithetic ? " (antithetic)" : "")}, seed {c.Seed}");
        sb.AppendLine($"  means: {c.MeanMethod}");
        sb.AppendLine($"  scheme: {c.Scheme}, K = {c.Substeps}, batch {c.Batch}; SGD θ: {c.SgdSampling}; E f(SGD): {c.SgdReference}{(c.ModelControlVariates ? "; model-side control variates (exact partner model)" : "")}");
        foreach (var (model, noise) in c.Noise) sb.AppendLine($"  {model} noise: {noise}");
        sb.AppendLine();
        var summary = new TextTable("model", "observable", "p", "p̂", "SE", "SE (WLS)", "verdict");
        foreach (var o in result.Orders)
            summary.Add(o.Model, o.Observable, o.ExpectedOrder.ToString(CultureInfo.InvariantCulture), F(o.Order, "F3"), F(o.StandardError, "F3"), F(o.WlsStandardError, "F3"), o.Verdict);
        sb.Append(summary);
        sb.AppendLine();
        var levels = new TextTable("model", "observable", "α", "ê(α)", "SE", "local p̂", "E f(SGD)", "E f(model)", "solver bias", "fit");
        foreach (var o in result.Orders)
            foreach (var l in o.Levels)
                levels.Add(o.Model, o.Observable, AlphaLabel.Format(l.Alpha), F(l.Error, "E3"), F(l.StandardError, "E2"),
                    F(l.LocalRate, "F2"), F(l.SgdExpectation, "G6") + (l.SgdExact ? " (exact)" : ""), F(l.ModelExpectation, "G6"),
                    l.SolverBias is { } b ? $"{F(b, "E2")} {(l.SolverBiasOk == true ? "ok" : "HIGH")}" : "—", l.UsedInFit ? "yes" : "no");
        sb.Append(levels);
        sb.AppendLine($"({result.Elapsed.TotalSeconds:F1} s)");
        return sb.ToString();
    }
}
