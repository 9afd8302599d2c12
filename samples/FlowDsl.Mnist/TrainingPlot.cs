using FlowDsl.Mnist.Training;
using ScottPlot;

namespace FlowDsl.Mnist;

/// <summary>The learning curve: mean training risk (left axis, log scale) and test accuracy (right axis) against SGD steps.</summary>
public static class TrainingPlot
{
    /// <summary>Writes <c>training.png</c> and <c>training.svg</c> into <paramref name="folder"/>; returns the PNG path.</summary>
    public static string Save(TrainingHistory history, string title, string folder)
    {
        var steps = history.Points.Select(p => (double)p.Step).ToArray();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("SGD step");

        var train = plot.Add.Scatter(steps, history.Points.Select(p => Math.Log10(p.TrainRisk)).ToArray());
        train.LegendText = "train risk (minibatch mean)";
        var test = plot.Add.Scatter(steps, history.Points.Select(p => Math.Log10(p.TestRisk)).ToArray());
        test.LegendText = "test risk";
        plot.Axes.Left.Label.Text = "log10 risk ½|out − y|²";

        var accuracy = plot.Add.Scatter(steps, history.Points.Select(p => 100 * p.TestAccuracy).ToArray());
        accuracy.LegendText = "test accuracy (%)";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "test accuracy (%)";
        var line = plot.Add.HorizontalLine(93);
        line.Axes.YAxis = plot.Axes.Right;
        line.Color = Colors.Gray;
        line.LegendText = "93 % (the talk)";
        plot.ShowLegend(Alignment.MiddleRight);

        Directory.CreateDirectory(folder);
        var png = Path.Combine(folder, "training.png");
        plot.SavePng(png, 900, 560);
        plot.SaveSvg(Path.Combine(folder, "training.svg"), 900, 560);
        return png;
    }
}
