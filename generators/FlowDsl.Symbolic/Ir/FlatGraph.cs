using System;
using System.Collections.Generic;
using System.Linq;
using FlowDsl.Symbolic.Helpers;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// One node of a <see cref="FlatGraph"/>: operands are positions of earlier nodes (−1 if absent).
/// Fields mean what they mean on <see cref="Expr"/>.
/// </summary>
public readonly record struct FlatNode(Op Op, Shape Shape, int A, int B, double Value, int Index, string? Name);

/// <summary>
/// A value-equatable, serialisable snapshot of a set of named outputs of an expression DAG: the nodes reachable from
/// the outputs, renumbered densely in a canonical order (iterative post-order from the outputs in order, operand A
/// before B), so the same expressions give the same graph whatever the builder's history. This is what crosses
/// incremental-generator stages. Cacheability contract: equal iff the node and output lists are equal; the hash is
/// computed once.
/// </summary>
public sealed class FlatGraph : IEquatable<FlatGraph>
{
    /// <summary>Creates a graph from nodes in topological order and named outputs.</summary>
    /// <exception cref="ArgumentException">An operand or output refers to a missing or later node.</exception>
    public FlatGraph(EquatableArray<FlatNode> nodes, EquatableArray<(string Name, int Node)> outputs)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (n.A >= i || n.B >= i || n.A < -1 || n.B < -1)
                throw new ArgumentException($"node {i} ({n.Op}) refers to operand {n.A}/{n.B}, expected an earlier node", nameof(nodes));
        }
        foreach (var (name, node) in outputs)
        {
            if (node < 0 || node >= nodes.Count)
                throw new ArgumentException($"output '{name}' refers to node {node}, expected 0..{nodes.Count - 1}", nameof(outputs));
        }
        Nodes = nodes;
        Outputs = outputs;
    }

    /// <summary>The nodes, operands first.</summary>
    public EquatableArray<FlatNode> Nodes { get; }

    /// <summary>The named outputs, in the order they were captured.</summary>
    public EquatableArray<(string Name, int Node)> Outputs { get; }

    /// <summary>Captures the nodes reachable from <paramref name="outputs"/>.</summary>
    public static FlatGraph Capture(IReadOnlyList<(string Name, Expr Expr)> outputs)
    {
        var position = new Dictionary<Expr, int>();
        var nodes = new List<FlatNode>();
        foreach (var e in Traversal.PostOrder(outputs.Select(o => o.Expr)))
        {
            position[e] = nodes.Count;
            nodes.Add(new FlatNode(e.Op, e.Shape, e.A is null ? -1 : position[e.A], e.B is null ? -1 : position[e.B],
                e.Value, e.Index, e.Name));
        }
        var named = new (string, int)[outputs.Count];
        for (int o = 0; o < outputs.Count; o++) named[o] = (outputs[o].Name, position[outputs[o].Expr]);
        return new FlatGraph(EquatableArray<FlatNode>.Own(nodes.ToArray()), EquatableArray<(string, int)>.Own(named));
    }

    /// <summary>Recreates the outputs (in order) in <paramref name="b"/>, node for node (no simplification).</summary>
    public IReadOnlyList<Expr> Rebuild(ExprBuilder b)
    {
        var built = new Expr[Nodes.Count];
        for (int i = 0; i < built.Length; i++)
        {
            var n = Nodes[i];
            built[i] = n.Op switch
            {
                Op.Constant => b.Constant(n.Value, n.Shape),
                Op.Parameter => b.Parameter(n.Index, n.Name ?? $"p{n.Index}", n.Shape),
                Op.Data => b.Data(n.Index, n.Name ?? $"d{n.Index}", n.Shape),
                Op.Direction => b.Direction(n.Index, n.Shape),
                _ => b.Node(n.Op, built[n.A], n.B < 0 ? null : built[n.B], n.Value, n.Index, n.Shape),
            };
        }
        var result = new Expr[Outputs.Count];
        for (int o = 0; o < result.Length; o++) result[o] = built[Outputs[o].Node];
        return result;
    }

    /// <inheritdoc/>
    public bool Equals(FlatGraph? other) =>
        other is not null && (ReferenceEquals(this, other) || (Nodes.Equals(other.Nodes) && Outputs.Equals(other.Outputs)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FlatGraph);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked(Nodes.GetHashCode() * 31 + Outputs.GetHashCode());
}
