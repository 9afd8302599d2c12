using System.Diagnostics;

namespace FlowDsl.Study.App;

/// <summary>
/// <c>--shard i/n</c> or <c>--paths-range a..b</c>: computes only those paths of every chosen study and writes one part
/// file (<see cref="PartFile"/>); exit 0, or 2 with a one-line message and nothing written.
/// </summary>
public static class ShardRunner
{
    /// <summary>Runs the shard and writes its part file.</summary>
    public static int Run(StudySettings settings, ShardRequest shard)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.GetFullPath(shard.PartFile ?? Path.Combine(settings.Output, shard.DefaultFileName));
        var parts = new List<(string Key, StudyPart Part)>();
        try
        {
            foreach (var study in StudySets.All.Where(s => settings.Studies.Contains(s.Key)))
            {
                var part = study.RunPart(settings, shard);
                parts.Add((study.Key, part));
                Console.WriteLine($"{shard.Label}: {study.Key} paths {part.Range} of {part.TotalPaths:N0} in {part.ElapsedSeconds:0.0} s");
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or InsufficientMemoryException)
        {
            return StudyRunner.Fail(e.Message);
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            PartFile.Write(file, settings, shard, parts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StudyRunner.Fail($"writing the part file '{file}' failed: {e.Message}");
        }
        Console.WriteLine($"Part written: {file} ({new FileInfo(file).Length / 1024.0:N0} kB, {clock.Elapsed.TotalSeconds:0.0} s). Merge every part with: FlowDsl.Study merge <folder>/part-*.json -o <output>");
        return 0;
    }
}
