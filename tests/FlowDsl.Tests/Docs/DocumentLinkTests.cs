using System.Text.RegularExpressions;

namespace FlowDsl.Tests.Docs;

/// <summary>The README and the documents in docs/ link only to files that exist (relative links; anchors ignored).</summary>
public partial class DocumentLinkTests
{
    public static TheoryData<string> Documents => new() { "README.md", "BENCHMARKS.md", "docs/math.md", "docs/architecture.md", "docs/use-in-your-project.md" };

    [Theory, MemberData(nameof(Documents))]
    public void Relative_links_point_to_existing_files(string document)
    {
        var path = Path.Combine(MathDocument.RepositoryRoot, document);
        var folder = Path.GetDirectoryName(path)!;
        var prose = InlineCode().Replace(FencedCode().Replace(File.ReadAllText(path), ""), ""); // formulas in code are not links
        var broken = Link().Matches(prose)
            .Select(m => m.Groups[1].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();
        Assert.True(broken.Count == 0, $"{document} links to missing files: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_readme_links_both_documents_and_has_no_leftover_markers()
    {
        var readme = File.ReadAllText(Path.Combine(MathDocument.RepositoryRoot, "README.md"));
        Assert.Contains("](docs/math.md)", readme, StringComparison.Ordinal);
        Assert.Contains("](docs/architecture.md)", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("MORE-SECTIONS", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^\s*```.*?^\s*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();
}
