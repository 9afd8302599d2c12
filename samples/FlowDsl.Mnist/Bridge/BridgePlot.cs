using ScottPlot;

namespace FlowDsl.Mnist.Bridge;

/// <summary>The probe-batch risk against time t = iα: SGD and SMF-2 (mean ± SE) and the gradient flow.</summary>
public static class BridgePlot
{
    /// <summary>Writes <c>sgd-vs-smf.png</c> and <c>.svg</c> into <paramref name="folder"/>.</summary>
    public static void Save(IReadOnlyList<ObservablePoint> points, string title, string folder)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("t = iα");
        plot.YLabel("probe risk (mean ½|out − y|² over test digits)");
        var t = points.Select(p => p.Time).ToArray();
        // Offset the two ensembles by a hair so their error bars do not hide each other.
        var dt = 0.01 * (t[^1] - t[0]);
        Add(plot, t.Select(v => v - dt).ToArray(), points.Select(p => p.Sgd).ToArray(), "SGD (batch 1), mean ± SE", Colors.Blue);
        Add(plot, t.Select(v => v + dt).ToArray(), points.Select(p => p.Smf).ToArray(), "SMF-2 (SH2), mean ± SE", Colors.Red);
        var flow = plot.Add.Scatter(t, points.Select(p => p.GradientFlow).ToArray());
        flow.LegendText = "gradient flow (no noise)";
        flow.Color = Colors.Gray;
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(folder);
        plot.SavePng(Path.Combine(folder, "sgd-vs-smf.png"), 900, 560);
        plot.SaveSvg(Path.Combine(folder, "sgd-vs-smf.svg"), 900, 560);
    }

    private static void Add(Plot plot, double[] t, (double Mean, double Se)[] values, string label, Color color)
    {
        var line = plot.Add.Scatter(t, values.Select(v => v.Mean).ToArray());
        line.LegendText = label;
        line.Color = color;
        var bars = plot.Add.ErrorBar(t, values.Select(v => v.Mean).ToArray(), values.Select(v => v.Se).ToArray());
        bars.Color = color;
    }
}
