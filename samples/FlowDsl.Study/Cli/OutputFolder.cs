using System.Text.Json;

namespace FlowDsl.Study.App;

/// <summary>
/// The <c>--output</c> folder. Checked before any study runs (a one-line error for an empty path, an existing file or a
/// folder that cannot be created or written); created then, and removed again if the run fails while it is still empty,
/// so a refused or failed run leaves nothing behind. Stale files: before new reports are written, the files of the
/// studies listed in an earlier <c>study.json</c> in the same folder are deleted (nothing else is touched), so the folder
/// holds exactly what its <c>study.json</c> lists.
/// </summary>
public sealed class OutputFolder
{
    /// <summary>The extensions of a study's report files.</summary>
    public static IReadOnlyList<string> ReportExtensions { get; } = [".txt", ".csv", ".json", ".png", ".svg"];

    private readonly string? _firstCreated;

    private OutputFolder(string path, string? firstCreated)
    {
        Path = path;
        _firstCreated = firstCreated;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>Validates and creates <paramref name="folder"/>; throws <see cref="ArgumentException"/> with a one-line message naming it.</summary>
    public static OutputFolder Open(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("--output is empty; give a folder, e.g. -o flowdsl-output.");
        string full;
        try { full = System.IO.Path.GetFullPath(folder); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"--output '{folder}' is not a valid path: {e.Message}");
        }
        if (File.Exists(full)) throw new ArgumentException($"--output '{folder}' is an existing file, not a folder.");
        var firstCreated = FirstMissing(full);
        try
        {
            Directory.CreateDirectory(full);
            // Writable? A probe file, removed at once (a folder can exist and still refuse new files).
            var probe = System.IO.Path.Combine(full, $".flowdsl-write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveEmpty(full, firstCreated);
            throw new ArgumentException($"--output '{folder}' cannot be created or written: {e.Message}");
        }
        return new OutputFolder(full, firstCreated);
    }

    /// <summary>Removes the folder (and the parents this run created) if nothing was written into it: a refused or failed run.</summary>
    public void DiscardIfEmpty() => RemoveEmpty(Path, _firstCreated);

    /// <summary>Deletes the report files of every study listed in an earlier <c>study.json</c> here (and that file); returns their names.</summary>
    public IReadOnlyList<string> RemoveStaleReports()
    {
        var summary = System.IO.Path.Combine(Path, "study.json");
        if (!File.Exists(summary)) return [];
        var keys = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(summary));
            if (json.RootElement.TryGetProperty("studies", out var studies) && studies.ValueKind == JsonValueKind.Array)
                foreach (var study in studies.EnumerateArray())
                    if (study.TryGetProperty("key", out var key) && key.GetString() is { } k && IsPlainName(k)) keys.Add(k);
        }
        catch (JsonException) { return []; } // not ours: leave everything alone
        var removed = new List<string>();
        foreach (var name in keys.SelectMany(k => ReportExtensions.Select(e => k + e)).Append("study.json"))
        {
            var file = System.IO.Path.Combine(Path, name);
            if (!File.Exists(file)) continue;
            File.Delete(file);
            removed.Add(name);
        }
        return removed;
    }

    /// <summary>A key that names a file in this folder (no separators, no "..").</summary>
    private static bool IsPlainName(string key) =>
        key.Length > 0 && key.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) < 0 && key != "." && key != "..";

    /// <summary>The outermost folder on the way to <paramref name="full"/> that does not exist yet (null: it exists).</summary>
    private static string? FirstMissing(string full)
    {
        string? missing = null;
        for (var f = full; f is not null && !Directory.Exists(f); f = System.IO.Path.GetDirectoryName(f)) missing = f;
        return missing;
    }

    /// <summary>Deletes empty folders from <paramref name="folder"/> up to <paramref name="outermost"/> (the ones this run created).</summary>
    private static void RemoveEmpty(string folder, string? outermost)
    {
        if (outermost is null) return;
        try
        {
            for (var f = folder; f is not null && f.Length >= outermost.Length; f = System.IO.Path.GetDirectoryName(f))
            {
                if (!Directory.Exists(f) || Directory.EnumerateFileSystemEntries(f).Any()) return;
                Directory.Delete(f);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
