using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDsl.Study.App;

/// <summary>Writes every study's table, CSV, JSON and plot into the output folder, plus one summary JSON.</summary>
public sealed class ReportWriter(string folder, bool plots)
{
    private readonly JsonArray _studies = [];
    private bool _allPass = true;

    /// <summary>The output folder (it exists: see <see cref="OutputFolder"/>).</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Writes the files of one study and returns their paths.</summary>
    public IReadOnlyList<string> Write(BuiltInStudy study, WeakErrorResult result)
    {
        var files = new List<string>();
        var basePath = Path.Combine(Folder, study.Key);
        var json = result.ToJson();
        File.WriteAllText(basePath + ".txt", result.ToString());
        result.WriteCsv(basePath + ".csv");
        File.WriteAllText(basePath + ".json", json);
        files.AddRange([basePath + ".txt", basePath + ".csv", basePath + ".json"]);
        if (plots)
        {
            var (png, svg) = ErrorPlot.Save(result, study.Title, basePath);
            files.AddRange([png, svg]);
        }
        _allPass &= result.AllPass;
        _studies.Add(new JsonObject
        {
            ["key"] = study.Key,
            ["title"] = study.Title,
            ["result"] = JsonNode.Parse(json),
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
