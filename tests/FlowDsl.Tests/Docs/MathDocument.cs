using System.Reflection;
using System.Text.RegularExpressions;

namespace FlowDsl.Tests.Docs;

/// <summary>
/// docs/math.md read as numbered sections: a heading "## 6.", "### 6.9 …" or "#### 7.3.1 …" opens section 6, 6.9 or
/// 7.3.1, whose body runs to the next heading of the same or a higher level (so a section contains its subsections).
/// </summary>
internal sealed partial class MathDocument
{
    private readonly Dictionary<string, string> _bodies;

    private MathDocument(Dictionary<string, string> bodies) => _bodies = bodies;

    public static string RepositoryRoot =>
        typeof(MathDocument).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string PathOnDisk => Path.Combine(RepositoryRoot, "docs", "math.md");

    public IReadOnlyCollection<string> Sections => _bodies.Keys;

    public static MathDocument Load() => Parse(File.ReadAllText(PathOnDisk));

    public static MathDocument Parse(string text)
    {
        var lines = text.Split('\n');
        var headings = new List<(int Line, int Level, string Number)>();
        var inCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode) continue;
            var match = Heading().Match(lines[i]);
            if (match.Success) headings.Add((i, match.Groups[1].Length, match.Groups[2].Value));
        }
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < headings.Count; h++)
        {
            var end = lines.Length;
            for (var next = h + 1; next < headings.Count; next++)
                if (headings[next].Level <= headings[h].Level) { end = headings[next].Line; break; }
            if (!bodies.TryAdd(headings[h].Number, string.Join('\n', lines[headings[h].Line..end])))
                throw new InvalidDataException($"docs/math.md numbers two sections §{headings[h].Number}.");
        }
        return new MathDocument(bodies);
    }

    public bool Has(string section) => _bodies.ContainsKey(section);

    /// <summary>The section's text, subsections included.</summary>
    public string Body(string section) => _bodies[section];

    /// <summary>Whether the section has the labelled item "(b1)", "(iv)", … (written bold: <c>**(b1)</c>).</summary>
    public bool HasItem(string section, string item) => Has(section) && Body(section).Contains($"**({item})", StringComparison.Ordinal);

    [GeneratedRegex(@"^(#{2,4})\s+(\d+(?:\.\d+)*)\.?\s")]
    private static partial Regex Heading();
}
