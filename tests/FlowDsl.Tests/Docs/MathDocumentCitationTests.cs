namespace FlowDsl.Tests.Docs;

/// <summary>
/// The code, the generated code, the samples and the README cite docs/math.md by section ("math.md §5.2") and item
/// ("§3.4 b1"). Every cited section and item must exist, and the most-cited sections must still be about what the
/// code cites them for (a renumbering would otherwise send every reader to the wrong formula).
/// </summary>
public class MathDocumentCitationTests
{
    private static readonly Lazy<MathDocument> Document = new(MathDocument.Load);
    private static readonly Lazy<List<MathCitation>> Citations = new(() => MathCitations.InRepository(MathDocument.RepositoryRoot));

    [Fact]
    public void Every_cited_section_and_item_exists()
    {
        var missing = Citations.Value
            .Where(c => !Document.Value.Has(c.Section) || (c.Item is not null && !Document.Value.HasItem(c.Section, c.Item)))
            .Select(c => c.ToString())
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} citations of docs/math.md point nowhere:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_cited_document_is_in_the_repository()
    {
        // "BENCHMARKS.md P1", "math.md §6": a reader of the repository must be able to open what the code points to.
        var known = new HashSet<string>(Directory.EnumerateFiles(MathDocument.RepositoryRoot, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileName)!, StringComparer.Ordinal);
        var missing = MathCitations.DocumentReferences(MathDocument.RepositoryRoot).Where(r => !known.Contains(r.Document)).Select(r => r.ToString()).ToList();
        Assert.True(missing.Count == 0, "citations of documents the repository does not have:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_scan_sees_the_citations_of_every_layer()
    {
        // Guards against a scan that silently finds nothing (wrong root, changed file types): each layer cites the document.
        var files = Citations.Value.Select(c => c.File).Distinct().ToList();
        Assert.True(Citations.Value.Count >= 150, $"only {Citations.Value.Count} citations found");
        foreach (var layer in new[] { "src/FlowDsl/", "generators/", "samples/", "tests/", "README.md" })
            Assert.Contains(files, f => f.StartsWith(layer, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.1", "weak error")]
    [InlineData("0.2", "SMF-1, SMF-2")]
    [InlineData("1.2", "same")]
    [InlineData("2.1", "∇²R(x) ∇R(x)")]
    [InlineData("3.3", "Σ^{1/2}(x)Σ^{1/2}(y)")]
    [InlineData("3.4", "once per step")]
    [InlineData("4.2", "nα")]
    [InlineData("4.4", "DD-SMF")]
    [InlineData("4.5", "M_k = −Σⱼ pⱼ sⱼ g_jk")]
    [InlineData("4.9", "Φ(θ, x) = a·x")]
    [InlineData("5.2", "Ŷ  = Y + ½ a(Y) h")]
    [InlineData("5.3", "Kloeden–Platen (15.1.5)")]
    [InlineData("5.6", "Ornstein–Uhlenbeck")]
    [InlineData("5.8", "h/2")]
    [InlineData("6.1", "A(θ)x − c(θ)")]
    [InlineData("6.2", "R = ½|x − θ|²")]
    [InlineData("6.3", "R = ½(1 + θ)x²")]
    [InlineData("6.5", "R = ½(a·x − b)²")]
    [InlineData("6.6", "Li–Tai–E")]
    [InlineData("6.8", "R = 1 − cos(x − θ)")]
    [InlineData("6.9", "0.228668212890625")]
    [InlineData("7.3.1", "Brownian")]
    [InlineData("7.3.3", "Antithetic")]
    [InlineData("7.3.4", "Control variates")]
    [InlineData("7.4", "least squares")]
    [InlineData("7.5", "|z| < 4.5")]
    [InlineData("9", "MNIST")]
    public void Cited_sections_are_about_what_the_code_cites_them_for(string section, string expected)
    {
        Assert.True(Document.Value.Has(section), $"docs/math.md has no §{section}");
        Assert.Contains(expected, Document.Value.Body(section), StringComparison.Ordinal);
    }

    [Fact]
    public void Citation_lists_ranges_and_items_are_read_in_full()
    {
        static string[] Read(string text) => MathCitations.InLine(text).Select(c => c.Section + (c.Item is null ? "" : " " + c.Item)).ToArray();
        const string cite = "math.md ";
        Assert.Equal(["6.2", "6.3", "6.4", "6.5"], Read($"on {cite}§6.2, §6.3, §6.4 and §6.5: orders"));
        Assert.Equal(["4.1", "4.2", "4.3"], Read($"({cite}§4.1–4.3)"));
        Assert.Equal(["6.2", "6.3", "6.4", "6.5", "6.6"], Read($"({cite}§6.2–§6.6)"));
        Assert.Equal(["2", "3"], Read($"(Theory ({cite}§2–3): SME-1"));
        Assert.Equal(["3.4 b1"], Read($"({cite}§3.4 b1 with θ)"));
        Assert.Equal(["3.2", "3.4 a"], Read($"({cite}§3.2, §3.4a), integrated"));
        Assert.Equal(["7.1 iv"], Read($"({cite}§7.1 iv). Throws"));
        Assert.Equal(["6.9 d"], Read($"({cite}§6.9 (d): §6.5 with"));
        Assert.Equal(["4.9", "6.7"], Read($"{cite}§4.9 / §6.7: rigid"));
        Assert.Equal(["7"], Read($"({cite}§7 for mean-field"));
        Assert.Equal(["5"], Read($"The SDE solvers of {cite}§5."));
        Assert.Empty(Read("the §6.1 case of math.md"));
    }

    [Fact]
    public void A_missing_section_or_item_is_reported()
    {
        // Built from pieces so that this file itself cites nothing that does not exist.
        var document = MathDocument.Parse("## 1. One\n### 1.1 Sub\n**(a)** item\n```\n## 2. not a heading inside code\n```\n");
        Assert.True(document.Has("1") && document.Has("1.1") && !document.Has("2"));
        Assert.True(document.HasItem("1.1", "a") && document.HasItem("1", "a") && !document.HasItem("1.1", "b"));
        var citation = MathCitations.InLine("(math.md " + "§1.1 b)").Single();
        Assert.False(document.HasItem(citation.Section, citation.Item!));
    }
}
