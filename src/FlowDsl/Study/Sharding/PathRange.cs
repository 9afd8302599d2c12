using System.Globalization;

namespace FlowDsl.Study;

/// <summary>
/// The Monte Carlo paths [<see cref="First"/>, <see cref="End"/>) of a study: path p draws the randomness keyed by its
/// global index p (math.md §7.3), so any range can be computed anywhere and the parts concatenated in path order.
/// Written <c>a..b</c> (paths a, a+1, …, b−1).
/// </summary>
/// <param name="First">The first path.</param>
/// <param name="End">One past the last path.</param>
public readonly record struct PathRange(int First, int End)
{
    /// <summary>The number of paths.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public int Count => End - First;

    /// <summary>
    /// Shard <paramref name="index"/> of <paramref name="count"/> of <paramref name="totalPaths"/> paths: contiguous, as equal
    /// as possible, in sampling units (antithetic pairs never split), covering every path exactly once over all indices.
    /// </summary>
    public static PathRange Shard(int index, int count, int totalPaths, bool antithetic)
    {
        var unit = antithetic ? 2 : 1;
        var units = totalPaths / unit;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "The number of shards must be at least 1.");
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Shard index {index} is outside 0..{count - 1} for {count} shards.");
        if (count > units)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} shards of {totalPaths:N0} paths would leave some shards empty; use at most {units:N0} shards.");
        return new PathRange((int)((long)units * index / count) * unit, (int)((long)units * (index + 1) / count) * unit);
    }

    /// <summary>Parses <c>a..b</c> (0 ≤ a &lt; b); throws <see cref="FormatException"/> with a one-line message otherwise.</summary>
    public static PathRange Parse(string text)
    {
        var parts = (text ?? "").Split("..");
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a < b)
            return new PathRange(a, b);
        throw new FormatException($"'{text}' is not a path range a..b with integers 0 ≤ a < b (paths a to b−1), e.g. 0..5000.");
    }

    /// <summary>Checks that the range is a non-empty part of <paramref name="totalPaths"/> paths, on pair boundaries with antithetic pairs.</summary>
    internal void Validate(int totalPaths, bool antithetic)
    {
        if (First < 0 || End <= First || End > totalPaths)
            throw new ArgumentOutOfRangeException(nameof(PathRange), this, $"The path range {this} must be a non-empty part of the study's 0..{totalPaths} paths.");
        if (antithetic && (First % 2 != 0 || End % 2 != 0))
            throw new ArgumentOutOfRangeException(nameof(PathRange), this, $"The path range {this} splits an antithetic pair: with antithetic pairs both ends must be even.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{First}..{End}";
}
