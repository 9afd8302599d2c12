using System.Reflection;
using System.Text;

namespace FlowDsl.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of one assembly: namespace A depends on namespace B when a type of A
/// (its nested and compiler-generated types included) uses a type of B (see <see cref="TypeReferences"/>).
/// Each edge keeps the type references that make it, so a failure can say which uses to move.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, List<TypeReference>>> edges = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Namespaces => edges.Keys;

    /// <summary>The graph of the types of <paramref name="assembly"/> whose namespace is <paramref name="root"/> or below it.</summary>
    public static NamespaceGraph Of(Assembly assembly, string root)
    {
        var graph = new NamespaceGraph();
        bool Inside(string? ns) => ns == root || (ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal));
        foreach (var type in assembly.GetTypes().Where(t => Inside(t.Namespace)))
        {
            graph.AddNamespace(type.Namespace!);
            foreach (var use in TypeReferences.Of(type).Where(u => Inside(u.To.Namespace) && u.To.Namespace != type.Namespace))
                graph.Add(type.Namespace!, use.To.Namespace!, use);
        }
        return graph;
    }

    /// <summary>A graph from explicit edges (for testing the cycle search itself).</summary>
    public static NamespaceGraph FromEdges(params (string From, string To)[] pairs)
    {
        var graph = new NamespaceGraph();
        foreach (var (from, to) in pairs) graph.Add(from, to, null);
        return graph;
    }

    public bool DependsOn(string from, string to) => edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

    public IReadOnlyList<TypeReference> Evidence(string from, string to) =>
        edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var uses) ? uses : [];

    public IEnumerable<(string From, string To)> Edges =>
        edges.SelectMany(e => e.Value.Keys.Select(to => (e.Key, to)));

    /// <summary>The strongly connected components of more than one namespace (Tarjan): each holds at least one cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tangles() => StronglyConnectedComponents().Where(c => c.Count > 1).ToList();

    /// <summary>One cycle per tangle: the shortest through its smallest name.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => Tangles().Select(ShortestCycle).ToList();

    /// <summary>
    /// Every tangle: its namespaces, the edges between them, and one cycle with the type references behind each of its
    /// edges (at most <paramref name="perEdge"/> each).
    /// </summary>
    public string Describe(int perEdge = 5)
    {
        var text = new StringBuilder();
        foreach (var tangle in Tangles())
        {
            var inside = tangle.ToHashSet();
            text.AppendLine("tangle: " + string.Join(", ", tangle));
            foreach (var (from, to) in Edges.Where(e => inside.Contains(e.From) && inside.Contains(e.To)))
                text.AppendLine($"  edge {from} → {to} ({Evidence(from, to).Count} uses)");
            var cycle = ShortestCycle(tangle);
            text.AppendLine("  cycle: " + string.Join(" → ", cycle.Append(cycle[0])));
            for (var i = 0; i < cycle.Count; i++)
            {
                var (from, to) = (cycle[i], cycle[(i + 1) % cycle.Count]);
                var uses = Evidence(from, to).Select(u => u.ToString()).Distinct().ToList();
                text.AppendLine($"    {from} → {to} ({uses.Count} uses)");
                foreach (var use in uses.Take(perEdge)) text.AppendLine("      " + use);
            }
        }
        return text.ToString();
    }

    private void AddNamespace(string ns)
    {
        if (!edges.ContainsKey(ns)) edges[ns] = new SortedDictionary<string, List<TypeReference>>(StringComparer.Ordinal);
    }

    private void Add(string from, string to, TypeReference? use)
    {
        AddNamespace(from);
        AddNamespace(to);
        if (!edges[from].TryGetValue(to, out var uses)) edges[from][to] = uses = [];
        if (use is not null) uses.Add(use);
    }

    private List<List<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in edges[v].Keys)
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string top;
            do { top = stack.Pop(); component.Add(top); } while (top != v);
            component.Sort(StringComparer.Ordinal);
            components.Add(component);
        }
        foreach (var v in edges.Keys) if (!index.ContainsKey(v)) Visit(v);
        return components;
    }

    /// <summary>The shortest cycle through the component's first namespace, by breadth-first search inside the component.</summary>
    private IReadOnlyList<string> ShortestCycle(IReadOnlyList<string> component)
    {
        var start = component[0];
        var inside = component.ToHashSet();
        var parent = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in edges[v].Keys.Where(inside.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[^1] != start) path.Add(parent[path[^1]]);
                    path.Reverse();
                    return path;
                }
                if (parent.TryAdd(w, v)) queue.Enqueue(w);
            }
        }
        throw new InvalidOperationException("a strongly connected component without a cycle");
    }
}
