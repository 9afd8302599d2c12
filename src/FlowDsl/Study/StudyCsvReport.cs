using System.Globalization;
using System.Text;
using FlowDsl.Study;

namespace FlowDsl.Study;

/// <summary>Renders a <see cref="WeakErrorResult"/> as CSV (invariant culture, round-trip numbers).</summary>
internal static class StudyCsvReport
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    private static string N(double? v) => v is { } x ? N(x) : "";
    private static string Q(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    public static string Render(WeakErrorResult result)
    {
        var c = result.Configuration;
        var sb = new StringBuilder();
        sb.AppendLine($"# model={c.Model}; law={c.Law}; means={c.MeanMethod}; T={N(c.Horizon)}; paths={c.Paths}; antithetic={c.Antithetic}; seed={c.Seed}; " +
                      $"scheme={c.Scheme}; substeps={c.Substeps}; batch={c.Batch}; features={c.Features}; sgd={c.SgdSampling}; reference={c.SgdReference}; " +
                      $"solverCheck={c.SolverCheck}; modelControlVariates={c.ModelControlVariates}; bootstrap={c.BootstrapReplicates}; flowdsl={c.FlowDslVersion}; runtime={c.Runtime}");
        sb.AppendLine("model,observable,expected_order,order,order_se,order_se_wls,order_se_bootstrap,pass,verdict,alpha,steps,error,error_se,local_rate,sgd_expectation,sgd_exact,model_expectation,model_se,solver_bias,solver_bias_se,solver_bias_ok,used_in_fit");
        foreach (var o in result.Orders)
            foreach (var l in o.Levels)
                sb.AppendLine(string.Join(',', Q(o.Model), Q(o.Observable), o.ExpectedOrder, N(o.Order), N(o.StandardError), N(o.WlsStandardError), N(o.BootstrapStandardError),
                    o.Pass, Q(o.Verdict), N(l.Alpha), l.Steps, N(l.Error), N(l.StandardError), N(l.LocalRate), N(l.SgdExpectation), l.SgdExact,
                    N(l.ModelExpectation), N(l.ModelStandardError), N(l.SolverBias), N(l.SolverBiasStandardError), l.SolverBiasOk?.ToString() ?? "", l.UsedInFit));
        return sb.ToString();
    }
}
