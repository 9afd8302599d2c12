using System;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Ir;

/// <summary>Deterministic walks over an expression DAG, without recursion (deep expressions must not overflow the stack).</summary>
public static class Traversal
{
    /// <summary>
    /// Every node reachable from <paramref name="roots"/>, once, in canonical post-order: roots in order, and for
    /// each node operand A's subgraph, then B's, then the node. Operands always come before their users, and the order
    /// depends only on the expressions, not on the builder's history. Nodes for which <paramref name="skip"/> is true
    /// are left out together with the parts of the graph reachable only through them.
    /// </summary>
    public static List<Expr> PostOrder(IEnumerable<Expr> roots, Func<Expr, bool>? skip = null)
    {
        var order = new List<Expr>();
        var done = new HashSet<Expr>();
        var stack = new Stack<(Expr Node, bool Expanded)>();
        foreach (var root in roots)
        {
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (e, expanded) = stack.Pop();
                if (done.Contains(e) || (skip is not null && skip(e))) continue;
                if (!expanded && e.A is not null)
                {
                    stack.Push((e, true));
                    if (e.B is not null) stack.Push((e.B, false)); // pushed first, so A's subgraph comes first
                    stack.Push((e.A, false));
                    continue;
                }
                done.Add(e);
                order.Add(e);
            }
        }
        return order;
    }
}
