using System.Collections.Generic;
using System.Linq;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Scheduling;

/// <summary>
/// Orders the part of a hash-consed DAG that some outputs need into a let-list. Hash-consing already did common
/// subexpression elimination (one node per distinct value), and node ids are a topological order, so scheduling is
/// "keep the reachable nodes, sorted by id, and count their uses".
/// </summary>
public static class LetScheduler
{
    /// <summary>Schedules the nodes reachable from <paramref name="outputs"/>.</summary>
    public static LetList Schedule(IReadOnlyList<(string Name, Expr Value)> outputs)
    {
        var reachable = new Dictionary<int, Expr>();
        var stack = new Stack<Expr>(outputs.Select(o => o.Value));
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (reachable.ContainsKey(e.Id)) continue;
            reachable.Add(e.Id, e);
            foreach (var operand in e.Operands) stack.Push(operand);
        }

        var ordered = reachable.Values.OrderBy(e => e.Id).ToList();
        var slotOf = new Dictionary<int, int>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++) slotOf.Add(ordered[i].Id, i);

        var uses = new int[ordered.Count];
        foreach (var e in ordered)
            foreach (var operand in e.Operands) uses[slotOf[operand.Id]]++;
        foreach (var (_, value) in outputs) uses[slotOf[value.Id]]++;

        var entries = ordered.Select((e, i) => new LetEntry(
            i, e.Op, e.Shape,
            e.A is null ? -1 : slotOf[e.A.Id],
            e.B is null ? -1 : slotOf[e.B.Id],
            e.Value, e.Index, e.Name, uses[i]));
        return new LetList(entries, outputs.Select(o => new LetOutput(o.Name, slotOf[o.Value.Id])));
    }
}
