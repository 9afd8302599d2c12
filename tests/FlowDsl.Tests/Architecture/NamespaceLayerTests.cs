using System.Text.RegularExpressions;
using FlowDsl.Tests.Docs;

namespace FlowDsl.Tests.Architecture;

/// <summary>
/// The runtime's namespaces follow the layer list of docs/architecture.md §3: every namespace of FlowDsl.dll is listed,
/// and each uses only namespaces on lower lines of the list.
/// </summary>
public partial class NamespaceLayerTests
{
    [Fact]
    public void Every_namespace_uses_only_lower_layers_of_the_documented_list()
    {
        var layers = DocumentedLayers();
        var graph = NamespaceGraph.Of(typeof(Vec).Assembly, "FlowDsl");

        var unlisted = graph.Namespaces.Where(ns => !layers.ContainsKey(ns)).ToList();
        Assert.True(unlisted.Count == 0, $"namespaces missing from the layer list of docs/architecture.md §3: {string.Join(", ", unlisted)}");

        var upward = graph.Edges.Where(e => layers[e.To] >= layers[e.From])
            .Select(e => $"{e.From} (layer {layers[e.From]}) → {e.To} (layer {layers[e.To]}): " +
                         string.Join("; ", graph.Evidence(e.From, e.To).Select(u => u.ToString()).Distinct().Take(5)))
            .ToList();
        Assert.True(upward.Count == 0, "uses of a namespace on the same or a higher layer:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_layer_list_names_each_namespace_once_and_only_existing_ones()
    {
        var listed = ListedNamespaces().Select(l => l.Namespace).ToList();
        var actual = NamespaceGraph.Of(typeof(Vec).Assembly, "FlowDsl").Namespaces;
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Empty(listed.Except(actual));
    }

    /// <summary>Namespace → its layer number in the numbered list of docs/architecture.md §3.</summary>
    private static Dictionary<string, int> DocumentedLayers() => ListedNamespaces().ToDictionary(l => l.Namespace, l => l.Layer);

    private static IEnumerable<(string Namespace, int Layer)> ListedNamespaces()
    {
        var text = File.ReadAllText(Path.Combine(MathDocument.RepositoryRoot, "docs", "architecture.md"));
        var section = text[text.IndexOf("## 3. The runtime", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var layer = 0;
        foreach (Match m in LayerLine().Matches(section))
        {
            if (m.Groups["number"].Success) layer = int.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
            yield return (m.Groups["ns"].Value, layer);
        }
    }

    /// <summary>"1. `FlowDsl.Simd` — …" starts a layer; "   `FlowDsl.Data` — …" adds a namespace to the current one.</summary>
    [GeneratedRegex(@"^(?:(?<number>\d+)\.\s+|\s{3})`(?<ns>FlowDsl(?:\.\w+)*)` —", RegexOptions.Multiline)]
    private static partial Regex LayerLine();
}
