namespace FlowDsl.Tests.Architecture;

/// <summary>The runtime's namespaces depend one way (docs/architecture.md §3): no namespace reaches back up.</summary>
public class NamespaceCycleTests
{
    [Fact]
    public void The_runtime_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(Vec).Assembly, "FlowDsl");
        var tangles = graph.Tangles();
        Assert.True(tangles.Count == 0, $"FlowDsl.dll has {tangles.Count} group(s) of namespaces that depend on each other:\n{graph.Describe(int.MaxValue)}");
    }

    [Fact]
    public void The_graph_sees_uses_in_signatures_and_method_bodies()
    {
        var graph = NamespaceGraph.Of(typeof(Vec).Assembly, "FlowDsl");
        Assert.Contains("FlowDsl.Random", graph.Namespaces);
        // WeakErrorStudy.For<TModel>() is a study entry point built on the simulators.
        Assert.True(graph.DependsOn("FlowDsl.Study", "FlowDsl.Simulation"));
    }

    [Fact]
    public void The_cycle_search_finds_a_cycle_and_only_a_cycle()
    {
        var acyclic = NamespaceGraph.FromEdges(("A", "B"), ("B", "C"), ("A", "C"), ("D", "A"));
        Assert.Empty(acyclic.Cycles());

        var cyclic = NamespaceGraph.FromEdges(("A", "B"), ("B", "C"), ("C", "D"), ("D", "B"), ("E", "A"), ("F", "F2"), ("F2", "F"));
        var cycles = cyclic.Cycles().Select(c => string.Join(">", c)).OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.Equal(["B>C>D", "F>F2"], cycles);
    }
}
