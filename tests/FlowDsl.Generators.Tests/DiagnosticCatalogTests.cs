using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Tests.Infrastructure;

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
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id} | {d.DefaultSeverity} |", readme, StringComparison.Ordinal);
            Assert.Equal($"README.md#{d.Id.ToLowerInvariant()}", d.HelpLinkUri);
        }
    }
}
