using System.Text.RegularExpressions;
using System.Xml.Linq;
using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowDsl.Generators.Tests;

/// <summary>The descriptor catalog, the release-tracking file and the README's diagnostics table agree.</summary>
public sealed class DiagnosticCatalogTests
{
    [Fact]
    public void Every_descriptor_is_numbered_tracked_and_documented()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"FDSL{i:D4}"), ids);

        var unshipped = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "generators", "FlowDsl.Generators", "AnalyzerReleases.Unshipped.md"));
        var readme = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "README.md"));
        foreach (var d in DiagnosticDescriptors.All)
        {
            Assert.Equal("FlowDsl", d.Category);
            Assert.Contains($"{d.Id} | FlowDsl | {d.DefaultSeverity} |", unshipped, StringComparison.Ordinal);
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id} | {d.DefaultSeverity} |", readme, StringComparison.OrdinalIgnoreCase);
            Assert.Equal($"README.md#{d.Id.ToLowerInvariant()}", d.HelpLinkUri);
        }
    }

    [Fact]
    public void Every_descriptors_doc_comment_quotes_its_message_format()
    {
        var path = Path.Combine(GeneratorHarness.RepositoryRoot, "generators", "FlowDsl.Generators", "Diagnostics", "DiagnosticDescriptors.cs");
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
        var documented = new Dictionary<string, (string Severity, string Message)>();
        foreach (var field in root.DescendantNodes().OfType<FieldDeclarationSyntax>().Where(f => f.Declaration.Type.ToString() == "DiagnosticDescriptor"))
        {
            var name = field.Declaration.Variables.Single().Identifier.Text;
            var xml = field.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().Single().ToFullString();
            var summary = XElement.Parse("<doc>" + string.Join("\n", xml.Split('\n').Select(l => l.Trim().TrimStart('/').Trim())) + "</doc>").Element("summary")!.Value;
            var match = Regex.Match(summary, "^(FDSL\\d{4})( \\(warning\\))?: \"(.*)\"\\.$");
            Assert.True(match.Success, $"{name}: the summary must read FDSLnnnn: \"<messageFormat>\". but reads {summary}");
            documented.Add(match.Groups[1].Value, (match.Groups[2].Success ? "Warning" : "Error", match.Groups[3].Value));
        }
        Assert.Equal(DiagnosticDescriptors.All.Count, documented.Count);
        foreach (var d in DiagnosticDescriptors.All)
        {
            Assert.Equal(d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), documented[d.Id].Message);
            Assert.Equal(d.DefaultSeverity.ToString(), documented[d.Id].Severity);
        }
    }
}
