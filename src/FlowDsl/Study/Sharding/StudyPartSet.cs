namespace FlowDsl.Study;

/// <summary>
/// The checks before a merge: every part from this code and this configuration, and the parts' ranges tiling the
/// study's paths exactly (no overlap, no gap). Each refusal is one <see cref="StudyPartException"/> line naming the parts.
/// </summary>
internal static class StudyPartSet
{
    /// <summary>The parts in path order, or a <see cref="StudyPartException"/>.</summary>
    public static IReadOnlyList<StudyPart> Check(IReadOnlyList<StudyPart> parts, string code, IReadOnlyDictionary<string, string> configuration, int totalPaths)
    {
        foreach (var part in parts)
        {
            if (part.Format != StudyPart.CurrentFormat)
                throw new StudyPartException($"{part.Source}: format {part.Format}, this version reads {StudyPart.CurrentFormat}.");
            if (part.Code != code)
                throw new StudyPartException($"{part.Source} was computed by other code ({part.Code}) than this merge ({code}); run every shard and the merge with one build.");
            if (Difference(part.Configuration, configuration) is { } difference)
                throw new StudyPartException($"{part.Source} has another configuration than this merge: {difference}.");
            if (part.TotalPaths != totalPaths)
                throw new StudyPartException($"{part.Source} is a part of {part.TotalPaths:N0} paths, this merge has {totalPaths:N0}.");
        }
        var ordered = parts.OrderBy(p => p.Range.First).ThenBy(p => p.Range.End).ToList();
        var next = 0;
        StudyPart? previous = null;
        foreach (var part in ordered)
        {
            var (first, end) = (part.Range.First, part.Range.End);
            if (first < 0 || end <= first || end > totalPaths)
                throw new StudyPartException($"{part.Source}: path range {part.Range} is not a non-empty part of 0..{totalPaths}.");
            if (first < next)
                throw new StudyPartException($"{previous!.Source} ({previous.Range}) and {part.Source} ({part.Range}) overlap: paths {first}..{Math.Min(next, end)} would count twice; nothing merged.");
            if (first > next)
                throw new StudyPartException($"paths {next}..{first} of 0..{totalPaths} are in no part (a shard missing or failed?); nothing merged.");
            next = end;
            previous = part;
        }
        if (next < totalPaths)
            throw new StudyPartException($"paths {next}..{totalPaths} of 0..{totalPaths} are in no part (a shard missing or failed?); nothing merged.");
        return ordered;
    }

    /// <summary>The first setting that differs, as "seed = 2 in the part, 1 here", or null when they agree.</summary>
    private static string? Difference(IReadOnlyDictionary<string, string> part, IReadOnlyDictionary<string, string> expected)
    {
        foreach (var key in expected.Keys.Union(part.Keys).Order(StringComparer.Ordinal))
        {
            var a = part.TryGetValue(key, out var x) ? x : "(missing)";
            var b = expected.TryGetValue(key, out var y) ? y : "(missing)";
            if (a != b) return $"{key} = {a} in the part, {b} here";
        }
        return null;
    }
}
