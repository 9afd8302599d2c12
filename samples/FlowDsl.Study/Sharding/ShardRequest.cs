using System.Globalization;

namespace FlowDsl.Study.App;

/// <summary>
/// Which paths this process computes: shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard i/n</c>, e.g. a Slurm
/// array task or a Kubernetes completion index) or an explicit range (<c>--paths-range a..b</c>), and where the part goes.
/// </summary>
/// <param name="Index">The shard index i (0 ≤ i &lt; n), or null with an explicit range.</param>
/// <param name="Count">The shard count n, or null with an explicit range.</param>
/// <param name="Paths">The explicit range, or null.</param>
/// <param name="PartFile">The part file (<c>--part</c>); null: <see cref="DefaultFileName"/> in the output folder.</param>
public sealed record ShardRequest(int? Index, int? Count, PathRange? Paths, string? PartFile)
{
    /// <summary>The paths of a study with <paramref name="totalPaths"/> paths (antithetic pairs never split).</summary>
    public PathRange Range(int totalPaths, bool antithetic) =>
        Paths ?? PathRange.Shard(Index!.Value, Count!.Value, totalPaths, antithetic);

    /// <summary>"shard 3/64" or "paths 0..5000".</summary>
    public string Label => Paths is { } r ? $"paths {r}" : $"shard {Index}/{Count}";

    /// <summary><c>part-03-of-64.json</c> (the index padded to the count's width, so the files sort) or <c>part-paths-0-5000.json</c>.</summary>
    public string DefaultFileName => Paths is { } r
        ? $"part-paths-{r.First}-{r.End}.json"
        : $"part-{Index!.Value.ToString(CultureInfo.InvariantCulture).PadLeft(Count!.Value.ToString(CultureInfo.InvariantCulture).Length, '0')}-of-{Count}.json";

    /// <summary>Parses <c>i/n</c> with 0 ≤ i &lt; n; null with a one-line message otherwise.</summary>
    public static (int Index, int Count)? ParseShard(string text, out string error)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i < n)
        {
            error = "";
            return (i, n);
        }
        error = $"--shard '{text}' is not i/n with integers 0 ≤ i < n (shard i of n, counted from 0), e.g. --shard 3/64.";
        return null;
    }
}
