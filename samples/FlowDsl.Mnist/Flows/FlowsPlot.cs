using FlowDsl.Network;
using ScottPlot;

namespace FlowDsl.Mnist.Flows;

/// <summary>ê(α) ± SE against log₂ α for every model, one figure per observable.</summary>
public static class FlowsPlot
{
    private static Color ColorOf(string model) => model switch
    {
        "GF" => Colors.Gray,
        "SME-1" => Colors.Blue,
        "SME-2" => Colors.Orange,
        "SMF-1" => Colors.Green,
        _ => Colors.Red,
    };

    /// <summary>Writes <c>flows-&lt;observable&gt;.png</c> and <c>.svg</c> into <paramref name="folder"/>; returns the PNG paths.</summary>
    public static IReadOnlyList<string> Save(NetworkFlowResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var observable in result.Observables)
        {
            var plot = new Plot();
            plot.Title($"{result.ModelName}: ê = E f(SGD, B = {result.Batch}) − E f(model), f = {observable} at T = {result.Horizon:G4}");
            plot.XLabel("log₂ α");
            plot.YLabel($"ê ± SE ({observable})");
            var x = result.Levels.Select(l => Math.Log2(l.Alpha)).ToArray();
            for (var m = 0; m < result.Models.Count; m++)
            {
                var errors = Enumerable.Range(0, result.Levels.Count).Select(j => result.Error(result.Models[m], observable, j)).ToArray();
                // Offset the models by a hair so their error bars do not hide each other.
                var shifted = x.Select(v => v + 0.04 * (m - (result.Models.Count - 1) / 2.0)).ToArray();
                var line = plot.Add.Scatter(shifted, errors.Select(e => e.Error).ToArray());
                line.LegendText = result.Models[m];
                line.Color = ColorOf(result.Models[m]);
                var bars = plot.Add.ErrorBar(shifted, errors.Select(e => e.Error).ToArray(), errors.Select(e => e.ErrorSe).ToArray());
                bars.Color = line.Color;
            }
            if (result.Models.Contains("SME-1") && result.Models.Contains("SMF-2"))
            {
                // ê(SME-1) − ê(SMF-2) = E f(SMF-2) − E f(SME-1), paired: where ê(SME-1) would lie if SMF-2 matched SGD.
                var paired = Enumerable.Range(0, result.Levels.Count).Select(j => -result.ModelDifference("SME-1", "SMF-2", observable, j).Value).ToArray();
                var reference = plot.Add.Scatter(x, paired);
                reference.LegendText = "ê(SME-1) − ê(SMF-2) = E f(SMF-2) − E f(SME-1), paired";
                reference.Color = Colors.Black;
                reference.LinePattern = LinePattern.Dashed;
            }
            plot.Add.HorizontalLine(0, 1, Colors.Black);
            plot.ShowLegend(Alignment.UpperLeft);
            var stem = Path.Combine(folder, "flows-" + observable.Replace(' ', '-'));
            plot.SavePng(stem + ".png", 900, 560);
            plot.SaveSvg(stem + ".svg", 900, 560);
            files.Add(stem + ".png");
        }
        return files;
    }
}
