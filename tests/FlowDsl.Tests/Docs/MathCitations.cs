using System.Text.RegularExpressions;

namespace FlowDsl.Tests.Docs;

/// <summary>One cited section (and item, if any) at a place in the repository.</summary>
internal sealed record MathCitation(string File, int Line, string Section, string? Item, string Text)
{
    public override string ToString() => $"{File}:{Line}: \"{Text}\" → §{Section}{(Item is null ? "" : $" ({Item})")}";
}

/// <summary>
/// Finds the citations of docs/math.md in the repository's own text files: "math.md §6.1", lists
/// ("§6.2, §6.3 and §6.5", "§4.9 / §6.7"), ranges ("§4.1–4.3", "§6.2–§6.6": every section in between) and items
/// ("§3.4 b1", "§3.4a", "§7.1 iv", "§6.9 (d)").
/// </summary>
internal static partial class MathCitations
{
    private static readonly string[] Extensions = [".cs", ".md", ".txt", ".csproj", ".props", ".targets", ".editorconfig"];
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "flowdsl-output", "artifacts", "TestResults", "node_modules"];

    /// <summary>Every citation in the repository's text files, except in docs/math.md itself.</summary>
    public static List<MathCitation> InRepository(string root)
    {
        var citations = new List<MathCitation>();
        foreach (var file in Files(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative == "docs/math.md") continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                citations.AddRange(InLine(lines[i], relative, i + 1));
        }
        return citations;
    }

    /// <summary>Every reference to a section ("§…") or target ("P…") of a Markdown document, in the repository's text files.</summary>
    public static List<(string Document, string Where)> DocumentReferences(string root)
    {
        var found = new List<(string, string)>();
        foreach (var file in Files(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match match in DocumentReference().Matches(lines[i]))
                    found.Add((match.Groups[1].Value, $"{relative}:{i + 1}: {match.Value}"));
        }
        return found;
    }

    public static IEnumerable<MathCitation> InLine(string line, string file = "", int number = 0)
    {
        foreach (Match match in Citation().Matches(line))
        {
            var text = match.Value;
            var refs = Reference().Matches(text[text.IndexOf('§')..]);
            for (var r = 0; r < refs.Count; r++)
            {
                var reference = refs[r];
                var section = reference.Groups["num"].Value;
                var item = reference.Groups["item"].Success ? reference.Groups["item"].Value : null;
                var rangeStart = r > 0 && reference.Groups["range"].Success ? refs[r - 1].Groups["num"].Value : null;
                if (rangeStart is not null)
                    foreach (var between in Between(rangeStart, section))
                        yield return new MathCitation(file, number, between, null, text);
                yield return new MathCitation(file, number, section, item, text);
            }
        }
    }

    /// <summary>The sections strictly between a and b when they differ only in their last component (4.1–4.3 → 4.2).</summary>
    private static IEnumerable<string> Between(string a, string b)
    {
        var (pa, pb) = (a.Split('.'), b.Split('.'));
        if (pa.Length != pb.Length || !pa[..^1].SequenceEqual(pb[..^1])) yield break;
        var prefix = pa.Length == 1 ? "" : string.Join('.', pa[..^1]) + ".";
        for (var k = int.Parse(pa[^1]) + 1; k < int.Parse(pb[^1]); k++) yield return prefix + k;
    }

    private static IEnumerable<string> Files(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(folder))
                if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(folder))
                if (Extensions.Any(e => file.EndsWith(e, StringComparison.Ordinal))) yield return file;
        }
    }

    // "math.md" then a list of references joined by ",", "/", "and", "or", or a range dash.
    private const string Item = @"(?:\s?\((?<item>[a-z]\d?|[ivx]+)\)|\s?(?<item>[a-z]\d?|[ivx]+)(?![\w§]))";
    private const string One = @"§\s?(?<num>\d+(?:\.\d+)*)" + Item + "?";
    private const string Next = @"(?:\s*(?:,|/|\band\b|\bor\b)\s*|\s*(?<range>[–-])\s*)§?\s?(?<num>\d+(?:\.\d+)*)" + Item + "?";

    [GeneratedRegex(@"\b([\w.-]+\.md)\s+(?:§|P\d)")]
    private static partial Regex DocumentReference();

    [GeneratedRegex(@"math\.md\s+" + One + "(?:" + Next + ")*")]
    private static partial Regex Citation();

    [GeneratedRegex("(?:^|" + @"(?:\s*(?:,|/|\band\b|\bor\b)\s*|\s*(?<range>[–-])\s*)" + @")§?\s?(?<num>\d+(?:\.\d+)*)" + Item + "?")]
    private static partial Regex Reference();
}
