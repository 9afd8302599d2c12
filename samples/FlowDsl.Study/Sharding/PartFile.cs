using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDsl.Study.App;

/// <summary>
/// The file one shard of the command line writes: its command-line settings and one <see cref="StudyPart"/> per chosen
/// study. The <c>merge</c> verb rebuilds the studies from these settings, so a merge needs nothing but the part files.
/// </summary>
public static class PartFile
{
    /// <summary>The format written by this version.</summary>
    public const string Format = "flowdsl-study-cli-parts/1";

    /// <summary>Settings a shard may choose freely: they change no number (threads) or only where files go.</summary>
    private static readonly string[] Local = ["output", "threads", "noPlots"];

    /// <summary>One read part file.</summary>
    /// <param name="Path">Where it was read from.</param>
    /// <param name="Settings">The settings that change numbers, as JSON (for comparison).</param>
    /// <param name="StudySettings">The same, as settings.</param>
    /// <param name="Parts">Study key → part.</param>
    public sealed record Contents(string Path, JsonObject Settings, StudySettings StudySettings, IReadOnlyDictionary<string, StudyPart> Parts);

    /// <summary>Writes the part file (to a temporary name first, so a killed job never leaves half a file).</summary>
    public static void Write(string path, StudySettings settings, ShardRequest shard, IReadOnlyList<(string Key, StudyPart Part)> parts)
    {
        var json = new JsonObject
        {
            ["tool"] = "FlowDsl.Study",
            ["format"] = Format,
            ["shard"] = shard.Label,
            ["settings"] = Shared(settings),
            ["studies"] = new JsonArray([.. parts.Select(p => new JsonObject { ["key"] = p.Key, ["part"] = p.Part.ToJsonNode() })]),
        };
        var temporary = path + ".partial";
        File.WriteAllText(temporary, json.ToJsonString(SummaryJson.Options));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a part file; a damaged or foreign file is a one-line <see cref="StudyPartException"/> naming it.</summary>
    public static Contents Read(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new StudyPartException($"{path}: not a part file (no JSON object).");
            if (node["format"]?.GetValue<string>() != Format)
                throw new StudyPartException($"{path}: not a FlowDsl.Study part file of format {Format}.");
            var settings = node["settings"] as JsonObject ?? throw new StudyPartException($"{path}: no settings.");
            var parts = new Dictionary<string, StudyPart>();
            foreach (var study in node["studies"]?.AsArray() ?? throw new StudyPartException($"{path}: no studies."))
            {
                var key = study?["key"]?.GetValue<string>() ?? throw new StudyPartException($"{path}: a study without a key.");
                parts[key] = StudyPart.FromJson(study["part"] ?? throw new StudyPartException($"{path}: study '{key}' has no part."), $"{path} ({key})");
            }
            var studySettings = settings.Deserialize<StudySettings>(SummaryJson.Options) ?? throw new StudyPartException($"{path}: empty settings.");
            return new Contents(path, settings, studySettings, parts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StudyPartException($"{path}: cannot be read: {e.Message}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new StudyPartException($"{path}: not a readable part file (truncated or damaged?): {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The settings that must agree across the parts of one merge.</summary>
    private static JsonObject Shared(StudySettings settings)
    {
        var json = JsonSerializer.SerializeToNode(settings, SummaryJson.Options)!.AsObject();
        foreach (var key in Local) json.Remove(key);
        return json;
    }

    /// <summary>The first setting in which <paramref name="b"/> differs from <paramref name="a"/>, or null.</summary>
    public static string? Difference(JsonObject a, JsonObject b)
    {
        foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var x = a[key]?.ToJsonString() ?? "(missing)";
            var y = b[key]?.ToJsonString() ?? "(missing)";
            if (x != y) return $"{key} = {y} there, {x} in the first";
        }
        return null;
    }
}
