using System.Globalization;
using Spectre.Console;

namespace FlowDsl.Study.App;

/// <summary>
/// Prints a study as a paper table: one row per α with ê(α) ± SE for every continuous model, then the fitted order
/// p̂ ± SE and the verdict against theory.
/// </summary>
public static class ConsoleReport
{
    /// <summary>Renders <paramref name="result"/> to <paramref name="console"/>.</summary>
    public static void Print(IAnsiConsole console, BuiltInStudy study, WeakErrorResult result) => Print(console, Build(study, result));

    /// <summary>Writes a table built by <see cref="Build"/> and an empty line.</summary>
    public static void Print(IAnsiConsole console, Table table)
    {
        console.Write(table);
        console.WriteLine();
    }

    /// <summary>The table of <paramref name="result"/> (built on any thread; drawn when written to a console).</summary>
    public static Table Build(BuiltInStudy study, WeakErrorResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(study.Title)}[/]");
        table.AddColumn("α");
        var multipleObservables = result.Orders.Select(o => o.Observable).Distinct().Count() > 1;
        foreach (var o in result.Orders)
            table.AddColumn(new TableColumn(Markup.Escape(multipleObservables ? $"{o.Model}, {o.Observable}" : o.Model)).RightAligned());

        foreach (var alpha in result.Configuration.Alphas)
        {
            var cells = new List<string> { Reports.AlphaLabel.Format(alpha) };
            foreach (var o in result.Orders)
            {
                var level = o.Levels.FirstOrDefault(l => Math.Abs(l.Alpha - alpha) < 1e-15);
                cells.Add(level is null ? "" : Markup.Escape($"{Format(level.Error, 3)} ± {Format(level.StandardError, 1)}"));
            }
            table.AddRow(cells.ToArray());
        }
        table.AddEmptyRow();
        table.AddRow([
            "[bold]p̂ ± SE[/]",
            .. result.Orders.Select(o => double.IsFinite(o.Order)
                ? $"[bold]{o.Order.ToString("0.00", CultureInfo.InvariantCulture)} ± {o.StandardError.ToString("0.00", CultureInfo.InvariantCulture)}[/]"
                : "n/a"),
        ]);
        table.AddRow([
            "verdict",
            .. result.Orders.Select(o => o.Pass ? $"[green]{Markup.Escape(o.Verdict)}[/]" : $"[red]{Markup.Escape(o.Verdict)}[/]"),
        ]);
        var observable = multipleObservables ? "" : $"f = {result.Orders[0].Observable}; ";
        table.Caption(Markup.Escape(
            $"{observable}ê(α) = E f(SGD) − E f(model) ± SE. Theory: {Theory(result)}. {result.Configuration.Paths:N0} paths, {result.Configuration.Scheme}, " +
            $"K = {result.Configuration.Substeps}; SGD: {result.Configuration.SgdReference}; {result.Elapsed.TotalSeconds:0.0} s."));
        return table;
    }

    /// <summary>The expected order of every model, e.g. "SME-1 order 1, SMF-2 order 2" (n-point SME copies are order 1).</summary>
    private static string Theory(WeakErrorResult result) =>
        string.Join(", ", result.Orders.Select(o => $"{o.Model} order {o.ExpectedOrder}").Distinct());

    private static string Format(double value, int digits) =>
        value.ToString(digits == 1 ? "0e+0" : "0." + new string('0', digits - 1) + "e+0", CultureInfo.InvariantCulture);
}
