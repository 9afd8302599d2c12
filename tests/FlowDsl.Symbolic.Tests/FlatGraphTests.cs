using FlowDsl.Symbolic.Differentiation;
using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Helpers;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Tests.Infrastructure;

namespace FlowDsl.Symbolic.Tests;

/// <summary>Capture/rebuild round trips and the equality/hash contract of <see cref="FlatGraph"/>.</summary>
public sealed class FlatGraphTests
{
    private static (FlatGraph Graph, RandomExpressions Gen, Expr[] Outputs) Capture(int seed)
    {
        var gen = new RandomExpressions(seed);
        var risk = gen.Scalar(6);
        var gradient = ReverseMode.Gradient(gen.Builder, risk, gen.Parameters);
        var outputs = new[] { risk }.Concat(gradient).ToArray();
        var named = outputs.Select((e, i) => (i == 0 ? "R" : $"dR/dx{i - 1}", e)).ToArray();
        return (FlatGraph.Capture(named), gen, outputs);
    }

    [Fact]
    public void Round_trip_through_a_fresh_builder_gives_an_equal_graph_and_equal_values()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            var (graph, gen, outputs) = Capture(seed);
            var fresh = new ExprBuilder();
            var rebuilt = graph.Rebuild(fresh);
            Assert.Equal(outputs.Length, rebuilt.Count);
            var again = FlatGraph.Capture(graph.Outputs.Select((o, i) => (o.Name, rebuilt[i])).ToArray());
            Assert.Equal(graph, again);
            Assert.Equal(graph.GetHashCode(), again.GetHashCode());
            Assert.Equal(graph.Nodes.Count, fresh.Count); // only reachable nodes were captured, each once

            var point = gen.RandomPoint();
            for (int i = 0; i < outputs.Length; i++)
                Assert.Equal(Interpreter.Evaluate(outputs[i], point.ValueOf), Interpreter.Evaluate(rebuilt[i], point.ValueOf));
        }
    }

    [Fact]
    public void Capture_is_independent_of_the_builder_history()
    {
        // The same expressions built after unrelated nodes (different ids) capture to an equal graph.
        var (graph, _, _) = Capture(42);
        var cluttered = new ExprBuilder();
        for (int i = 0; i < 50; i++) cluttered.Parameter(100 + i, $"junk{i}", Shape.Vector(4));
        var gen = new RandomExpressions(42, builder: cluttered);
        var risk = gen.Scalar(6);
        var gradient = ReverseMode.Gradient(cluttered, risk, gen.Parameters);
        var named = new[] { risk }.Concat(gradient).Select((e, i) => (i == 0 ? "R" : $"dR/dx{i - 1}", e)).ToArray();
        var other = FlatGraph.Capture(named);
        Assert.Equal(graph, other);
        Assert.Equal(graph.GetHashCode(), other.GetHashCode());
    }

    [Fact]
    public void Graphs_that_differ_are_unequal()
    {
        var (g1, _, _) = Capture(1);
        var (g2, _, _) = Capture(2);
        Assert.NotEqual(g1, g2);
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Scalar);
        var a = FlatGraph.Capture([("f", b.Unary(Op.Sin, x))]);
        Assert.NotEqual(a, FlatGraph.Capture([("g", b.Unary(Op.Sin, x))]));               // output name
        Assert.NotEqual(a, FlatGraph.Capture([("f", b.Unary(Op.Cos, x))]));               // op
        Assert.NotEqual(a, FlatGraph.Capture([("f", b.Unary(Op.Sin, b.Parameter(0, "y", Shape.Scalar)))])); // leaf name
        Assert.Equal(a, FlatGraph.Capture([("f", b.Unary(Op.Sin, x))]));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Shared_subexpressions_are_captured_once_operands_first()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(2));
        var s = b.Unary(Op.Sin, x);
        var graph = FlatGraph.Capture([("p", b.Mul(s, s)), ("q", b.Sum(s))]);
        // x, sin x, (sin x)², Σ sin x
        Assert.Equal(4, graph.Nodes.Count);
        Assert.Equal(new FlatNode(Op.Parameter, Shape.Vector(2), -1, -1, 0, 0, "x"), graph.Nodes[0]);
        Assert.Equal(new FlatNode(Op.Sin, Shape.Vector(2), 0, -1, 0, 0, null), graph.Nodes[1]);
        Assert.Equal(("q", 3), graph.Outputs[1]);
    }

    [Fact]
    public void Malformed_graphs_are_rejected()
    {
        var forward = EquatableArray<FlatNode>.Own([new FlatNode(Op.Sin, Shape.Scalar, 0, -1, 0, 0, null)]);
        Assert.Throws<ArgumentException>(() => new FlatGraph(forward, EquatableArray<(string, int)>.Empty));
        var leaf = EquatableArray<FlatNode>.Own([new FlatNode(Op.Parameter, Shape.Scalar, -1, -1, 0, 0, "x")]);
        Assert.Throws<ArgumentException>(() => new FlatGraph(leaf, EquatableArray<(string, int)>.Own([("f", 1)])));
    }

    [Fact]
    public void Equatable_array_has_value_semantics()
    {
        var a = new EquatableArray<int>([1, 2, 3]);
        var b = new EquatableArray<int>(new List<int> { 1, 2, 3 });
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != new EquatableArray<int>([1, 2, 4]));
        Assert.True(a != new EquatableArray<int>([1, 2]));
        Assert.Equal(default(EquatableArray<int>), EquatableArray<int>.Empty);
        Assert.Equal([1, 2, 3], a.ToArray());
        Assert.Equal(3, a.Count);
    }
}
