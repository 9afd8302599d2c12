using System.Globalization;
using ScottPlot;

namespace FlowDsl.Study.App;

/// <summary>
/// The log-log plot of a study: |ê(α)| against α for every continuous model and observable, with ±SE error bars and
/// dashed reference slopes 1 and 2 through the smallest-α error of the first model.
/// </summary>
public static class ErrorPlot
{
    /// <summary>The plot's width and height in pixels.</summary>
    private const int Width = 800, Height = 560;

    /// <summary>The PNG bytes and the SVG text of the plot (in memory: safe to call on any thread).</summary>
    public static (byte[] Png, string Svg) Render(WeakErrorResult result, string title)
    {
        var plot = new Plot();
        var log10Of2 = Math.Log10(2);
        var allY = new List<double>();
        var alphas = result.Configuration.Alphas;
        foreach (var estimate in result.Orders)
        {
            var levels = estimate.Levels.Where(l => l.Error != 0 && double.IsFinite(l.Error)).ToArray();
            if (levels.Length == 0) continue;
            var xs = levels.Select(l => Math.Log2(l.Alpha)).ToArray();
            var ys = levels.Select(l => Math.Log10(Math.Abs(l.Error))).ToArray();
            // Error bars in log space: from log|ê| down to log(|ê| − SE) (clipped) and up to log(|ê| + SE).
            var down = levels.Select(l => Math.Log10(Math.Abs(l.Error)) - Math.Log10(Math.Max(Math.Abs(l.Error) - l.StandardError, Math.Abs(l.Error) * 1e-3))).ToArray();
            var up = levels.Select(l => Math.Log10(Math.Abs(l.Error) + l.StandardError) - Math.Log10(Math.Abs(l.Error))).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = $"{estimate.Model}, {estimate.Observable}: p̂ = {estimate.Order.ToString("0.00", CultureInfo.InvariantCulture)} ± {estimate.StandardError.ToString("0.00", CultureInfo.InvariantCulture)}";
            scatter.MarkerSize = 7;
            scatter.LineWidth = 1.5f;
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, down, up) { Color = scatter.Color };
            plot.Add.Plottable(bars);
            allY.AddRange(ys.Select((y, i) => y - down[i]));
            allY.AddRange(ys.Select((y, i) => y + up[i]));
        }

        var anchor = result.Orders.SelectMany(o => o.Levels.Where(l => l.Error != 0).OrderBy(l => l.Alpha).Take(1)).FirstOrDefault();
        if (anchor is not null)
        {
            var x0 = Math.Log2(anchor.Alpha);
            var y0 = Math.Log10(Math.Abs(anchor.Error));
            var x1 = Math.Log2(alphas.Max());
            foreach (var slope in new[] { 1, 2 })
            {
                var line = plot.Add.Line(x0, y0, x1, y0 + slope * (x1 - x0) * log10Of2);
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.Gray;
                line.LegendText = $"slope {slope}";
                allY.Add(y0 + slope * (x1 - x0) * log10Of2);
            }
        }

        plot.Title(title);
        plot.XLabel("learning rate α");
        plot.YLabel("|E f(SGD) − E f(model)|");
        plot.Axes.Bottom.SetTicks(
            alphas.Select(Math.Log2).ToArray(),
            alphas.Select(Reports.AlphaLabel.Format).ToArray());
        if (allY.Count > 0)
        {
            var lo = (int)Math.Floor(allY.Where(double.IsFinite).Min());
            var hi = (int)Math.Ceiling(allY.Where(double.IsFinite).Max());
            var decades = Enumerable.Range(lo, hi - lo + 1).Select(k => (double)k).ToArray();
            plot.Axes.Left.SetTicks(decades, decades.Select(k => "1e" + k.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        plot.ShowLegend(Alignment.LowerRight);

        return (plot.GetImageBytes(Width, Height, ImageFormat.Png), plot.GetSvgXml(Width, Height));
    }
}
