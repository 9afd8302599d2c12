using ScottPlot;

namespace FlowDsl.Samples.MeanField;

/// <summary>PNG + SVG plots of the teacher–student comparison: the risk over time and the neuron clouds (a, |w|).</summary>
internal static class ComparisonPlots
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.Crimson];

    public static void Save(string folder, IReadOnlyList<TeacherStudentComparison.ModelRun> runs, int dimension)
    {
        SaveRisk(folder, runs);
        foreach (var run in runs.Where(r => r.Snapshots.Count > 0)) SaveCloud(folder, run, dimension);
        Console.WriteLine($"Plots: {Path.Combine(folder, "risk.png")} and particles-*.png (+ .svg)");
    }

    private static void SaveRisk(string folder, IReadOnlyList<TeacherStudentComparison.ModelRun> runs)
    {
        var plot = new Plot();
        for (var m = 0; m < runs.Count; m++)
        {
            var run = runs[m];
            var color = Palette[m % Palette.Length];
            foreach (var path in run.Risk.Skip(1))
            {
                var thin = plot.Add.Scatter(run.Times, path);
                thin.Color = color.WithAlpha(0.25);
                thin.MarkerSize = 0;
                thin.LineWidth = 1;
            }
            var mean = run.Times.Select((_, i) => run.Risk.Average(r => r[i])).ToArray();
            var line = plot.Add.Scatter(run.Times, mean);
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 2.5f;
            line.LegendText = $"{run.Name} (mean of {run.Risk.Length})";
        }
        plot.Title("Teacher–student mean-field network: risk E(ν_t) over the training set");
        plot.XLabel("t = iα");
        plot.YLabel("risk");
        plot.ShowLegend(Alignment.UpperRight);
        SaveBoth(plot, Path.Combine(folder, "risk"));
    }

    private static void SaveCloud(string folder, TeacherStudentComparison.ModelRun run, int dimension)
    {
        var plot = new Plot();
        var ordered = run.Snapshots.OrderBy(s => s.Time).ToArray();
        for (var s = 0; s < ordered.Length; s++)
        {
            var (time, x) = ordered[s];
            var n = x.Length / dimension;
            var a = new double[n];
            var w = new double[n];
            for (var k = 0; k < n; k++)
            {
                a[k] = x[k * dimension];
                var sum = 0.0;
                for (var i = 1; i < dimension - 1; i++) sum += x[k * dimension + i] * x[k * dimension + i];
                w[k] = Math.Sqrt(sum);
            }
            var points = plot.Add.Scatter(a, w);
            points.LineWidth = 0;
            points.MarkerSize = 4;
            points.Color = Palette[s % Palette.Length].WithAlpha(0.6);
            points.LegendText = $"t = {time:G3}";
        }
        plot.Title($"{run.Name}: neurons (a, |w|), path 0");
        plot.XLabel("output weight a");
        plot.YLabel("|w|");
        plot.ShowLegend();
        var name = new string(run.Name.TakeWhile(c => c != '(').ToArray()).Trim().Replace(' ', '-').ToLowerInvariant();
        SaveBoth(plot, Path.Combine(folder, $"particles-{name}"));
    }

    private static void SaveBoth(Plot plot, string stem)
    {
        plot.SavePng(stem + ".png", 900, 600);
        plot.SaveSvg(stem + ".svg", 900, 600);
    }
}
