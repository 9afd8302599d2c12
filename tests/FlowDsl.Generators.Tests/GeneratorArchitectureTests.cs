using FlowDsl.Symbolic.Ir;
using FlowDsl.Tests.Architecture;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// The generator's stages depend one way (docs/architecture.md §2, issue #16.1): Parsing → Model, Derivation → Model,
/// Emit → Derivation; no stage reaches back, and only Emit prints. Read from the compiled assemblies with the runtime's
/// namespace graph (tests/FlowDsl.Tests/Architecture).
/// </summary>
public sealed class GeneratorArchitectureTests
{
    [Fact]
    public void The_generator_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(FlowModelGenerator).Assembly, "FlowDsl.Generators");
        Assert.True(graph.Tangles().Count == 0, $"FlowDsl.Generators.dll has namespaces that depend on each other:\n{graph.Describe(int.MaxValue)}");
    }

    [Fact]
    public void The_symbolic_core_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(Expr).Assembly, "FlowDsl.Symbolic");
        Assert.True(graph.Tangles().Count == 0, $"FlowDsl.Symbolic.dll has namespaces that depend on each other:\n{graph.Describe(3)}");
    }

    [Fact]
    public void Derivation_produces_values_and_Emit_alone_prints()
    {
        var graph = NamespaceGraph.Of(typeof(FlowModelGenerator).Assembly, "FlowDsl.Generators");
        Assert.True(graph.DependsOn("FlowDsl.Generators.Emit", "FlowDsl.Generators.Derivation")); // the graph sees the edge that must exist
        foreach (var stage in new[] { "FlowDsl.Generators.Derivation", "FlowDsl.Generators.Parsing", "FlowDsl.Generators.Model" })
            Assert.False(graph.DependsOn(stage, "FlowDsl.Generators.Emit"), $"{stage} uses Emit:\n{string.Join("\n", graph.Evidence(stage, "FlowDsl.Generators.Emit"))}");
    }

    [Fact]
    public void The_lane_algebra_is_part_of_the_symbolic_core_and_prints_nothing()
    {
        var symbolic = typeof(Expr).Assembly;
        var lanes = symbolic.GetTypes().Where(t => t.Namespace == "FlowDsl.Symbolic.Lanes").Select(t => t.Name).ToList();
        Assert.Contains("Scalarizer", lanes);
        Assert.Contains("NoiseFactors", lanes);
        Assert.DoesNotContain(typeof(FlowModelGenerator).Assembly.GetTypes(), t => t.Namespace == "FlowDsl.Generators.Lanes");
        var graph = NamespaceGraph.Of(symbolic, "FlowDsl.Symbolic");
        Assert.DoesNotContain(graph.Edges, e => e.From == "FlowDsl.Symbolic.Lanes" && e.To != "FlowDsl.Symbolic.Ir");
    }
}
