using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDsl.Study.App;

/// <summary>
/// Writes every study's table, CSV, JSON and plot into the output folder, plus one summary JSON. A study's files are
/// rendered in memory first (<see cref="Render"/>, on any thread: the main job renders each study while the next one runs)
/// and written only once every study has succeeded (<see cref="Write"/>), so a failed run still writes nothing.
/// </summary>
public sealed class ReportWriter(string folder, bool plots)
{
    private readonly JsonArray _studies = [];
    private bool _allPass = true;

    /// <summary>The output folder (it exists: see <see cref="OutputFolder"/>).</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The contents of one study's files (thread-safe: reads only <paramref name="result"/>).</summary>
    public StudyReport Render(BuiltInStudy study, WeakErrorResult result)
    {
        var plot = plots ? ErrorPlot.Render(result, study.Title) : default;
        return new StudyReport(study, result, result.ToString(), result.ToCsv(), result.ToJson(), plot.Png, plot.Svg);
    }

    /// <summary>Writes the files of one study and returns their paths.</summary>
    public IReadOnlyList<string> Write(StudyReport report)
    {
        var basePath = Path.Combine(Folder, report.Study.Key);
        File.WriteAllText(basePath + ".txt", report.Text);
        File.WriteAllText(basePath + ".csv", report.Csv);
        File.WriteAllText(basePath + ".json", report.Json);
        var files = new List<string> { basePath + ".txt", basePath + ".csv", basePath + ".json" };
        if (report.Png is not null && report.Svg is not null)
        {
            File.WriteAllBytes(basePath + ".png", report.Png);
            File.WriteAllText(basePath + ".svg", report.Svg);
            files.AddRange([basePath + ".png", basePath + ".svg"]);
        }
        _allPass &= report.Result.AllPass;
        _studies.Add(new JsonObject
        {
            ["key"] = report.Study.Key,
            ["title"] = report.Study.Title,
            ["result"] = JsonNode.Parse(report.Json),
        });
        return files;
    }

    /// <summary>Writes <c>study.json</c>: the command-line settings and every study's full result.</summary>
    public string WriteSummary(StudySettings settings, TimeSpan elapsed)
    {
        var summary = new JsonObject
        {
            ["tool"] = "FlowDsl.Study",
            ["version"] = typeof(WeakErrorStudy).Assembly.GetName().Version?.ToString(),
            ["settings"] = JsonSerializer.SerializeToNode(settings, SummaryJson.Options),
            ["elapsedSeconds"] = elapsed.TotalSeconds,
            ["allPass"] = _allPass,
            ["studies"] = _studies.DeepClone(),
        };
        var path = Path.Combine(Folder, "study.json");
        File.WriteAllText(path, summary.ToJsonString(SummaryJson.Options));
        return path;
    }
}

internal static class SummaryJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

/// <summary>The rendered files of one study: text table, CSV, JSON and (unless <c>--no-plots</c>) the PNG and SVG plot.</summary>
public sealed record StudyReport(BuiltInStudy Study, WeakErrorResult Result, string Text, string Csv, string Json, byte[]? Png, string? Svg);
