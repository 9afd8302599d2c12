using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Simplification;

/// <summary>
/// Simplifies expressions that were built with the raw <see cref="ExprBuilder.Node"/> constructor (or rebuilt from a
/// <see cref="FlatGraph"/>): every node is rebuilt bottom-up through the builder's named, canonicalising methods, and
/// the pass is repeated until nothing changes (rules can enable each other, e.g. a folded constant exposing 0 · e).
/// Values are preserved as by the builder's rules.
/// </summary>
public static class Simplifier
{
    /// <summary>The simplified form of each of <paramref name="outputs"/>, in <paramref name="b"/>.</summary>
    public static Expr[] Simplify(ExprBuilder b, IReadOnlyList<Expr> outputs, int maxPasses = 10)
    {
        var current = new Expr[outputs.Count];
        for (int i = 0; i < current.Length; i++) current[i] = outputs[i];
        for (int pass = 0; pass < maxPasses; pass++)
        {
            var rebuilt = new Dictionary<Expr, Expr>();
            foreach (var e in Traversal.PostOrder(current))
                rebuilt[e] = e.A is null ? e : Rebuild(b, e, rebuilt[e.A], e.B is null ? null : rebuilt[e.B]);
            bool changed = false;
            foreach (var pair in rebuilt) changed |= !ReferenceEquals(pair.Key, pair.Value);
            for (int i = 0; i < current.Length; i++) current[i] = rebuilt[current[i]];
            if (!changed) break;
        }
        return current;
    }

    /// <summary>The simplified form of <paramref name="e"/>.</summary>
    public static Expr Simplify(ExprBuilder b, Expr e) => Simplify(b, [e])[0];

    // op(a, c) through the named method, which applies the rules of Ir/Rules/Rules.*.cs.
    private static Expr Rebuild(ExprBuilder b, Expr e, Expr a, Expr? c) => e.Op switch
    {
        Op.Add => b.Add(a, c!),
        Op.Sub => b.Sub(a, c!),
        Op.Mul => b.Mul(a, c!),
        Op.Div => b.Div(a, c!),
        Op.Dot => b.Dot(a, c!),
        Op.MatVec => b.MatVec(a, c!),
        Op.MatTVec => b.MatTVec(a, c!),
        Op.Outer => b.Outer(a, c!),
        Op.PowConst => b.PowConst(a, e.Value),
        Op.Index => b.Index(a, e.Index),
        Op.Scatter => b.Scatter(a, e.Index, e.Shape),
        Op.Broadcast => b.Broadcast(a, e.Shape),
        _ when e.B is null => b.Unary(e.Op, a),
        _ => throw new InvalidOperationException($"no simplifying constructor for {e.Op}"),
    };
}
