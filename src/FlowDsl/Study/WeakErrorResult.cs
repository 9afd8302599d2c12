using FlowDsl.Reports;

namespace FlowDsl.Study;

/// <summary>
/// The result of a <see cref="WeakErrorStudy{TModel}"/>: one <see cref="OrderEstimate"/> per model and observable, each
/// with its α-levels, and the full <see cref="StudyConfiguration"/>. <see cref="ToString"/> renders a text table;
/// <see cref="ToCsv"/> and <see cref="ToJson"/> write every number.
/// </summary>
/// <param name="Configuration">Everything needed to repeat the run.</param>
/// <param name="Orders">Per model and observable.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record WeakErrorResult(StudyConfiguration Configuration, IReadOnlyList<OrderEstimate> Orders, TimeSpan Elapsed)
{
    /// <summary>The estimate for <paramref name="model"/> (e.g. "SMF-2") and <paramref name="observable"/>.</summary>
    public OrderEstimate Order(string model, string observable) =>
        Orders.FirstOrDefault(o => o.Model == model && o.Observable == observable)
        ?? throw new KeyNotFoundException($"No estimate for model '{model}' and observable '{observable}'; have: {string.Join(", ", Orders.Select(o => $"{o.Model}/{o.Observable}"))}.");

    /// <summary>True when every verdict passed.</summary>
    public bool AllPass => Orders.All(o => o.Pass);

    /// <summary>
    /// One line for the end of a run: every order agrees with the theory, or how many disagree (✗) and how many are
    /// inconclusive (the levels cannot decide them yet; each verdict says what would).
    /// </summary>
    public string Summary() => Summarize(Orders);

    /// <summary><see cref="Summary"/> over the orders of several results.</summary>
    public static string Summarize(IEnumerable<OrderEstimate> orders)
    {
        var list = orders.ToList();
        if (list.All(o => o.Pass)) return "Every measured order agrees with the theory.";
        int disagree = list.Count(o => !o.Pass && o.Conclusive), open = list.Count(o => !o.Conclusive);
        var parts = new List<string>();
        if (disagree > 0) parts.Add($"{disagree} measured order{(disagree == 1 ? "" : "s")} disagree{(disagree == 1 ? "s" : "")} with the theory");
        if (open > 0) parts.Add($"{open} verdict{(open == 1 ? " is" : "s are")} inconclusive (the evidence cannot decide {(open == 1 ? "it" : "them")} yet; each says what would)");
        return string.Join("; ", parts) + ": see the verdicts.";
    }

    /// <summary>The text table: a summary per model and observable, then the levels.</summary>
    public override string ToString() => StudyTextReport.Render(this);

    /// <summary>CSV, one row per (model, observable, α), with a header line; the configuration as leading comment lines.</summary>
    public string ToCsv() => StudyCsvReport.Render(this);

    /// <summary>Indented JSON of the whole result (System.Text.Json).</summary>
    public string ToJson() => StudyJsonReport.Render(this);

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/>.</summary>
    public void WriteCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void WriteJson(string path) => File.WriteAllText(path, ToJson());
}
