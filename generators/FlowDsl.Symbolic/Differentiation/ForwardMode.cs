using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Differentiation;

/// <summary>
/// Forward-mode symbolic differentiation (Jacobian-vector products): the tangent ė = Σ_leaves ∂e/∂leaf · seed(leaf)
/// of every output, computed in increasing <see cref="Expr.Id"/> (topological order). Tangents that are identically
/// zero are tracked as null, so untouched subgraphs cost nothing. Applied to the outputs of
/// <see cref="ReverseMode.Gradient"/> this is "forward over reverse": with the seed Parameter block i ↦ vᵢ it gives
/// the Hessian-vector product ∇²R·v without a dense Hessian.
/// </summary>
public static class ForwardMode
{
    /// <summary>
    /// The tangent of each output, of the output's shape (a zero constant when no seeded leaf reaches it).
    /// <paramref name="seed"/> returns the tangent of a leaf (of the leaf's shape), or null for zero; it is called at
    /// most once per reachable leaf, constants excluded.
    /// </summary>
    /// <exception cref="ArgumentException">A seed has the wrong shape.</exception>
    /// <exception cref="ExpressionBudgetException">The tangent needs more nodes than the builder allows.</exception>
    public static Expr[] Tangent(ExprBuilder b, IReadOnlyList<Expr> outputs, Func<Expr, Expr?> seed)
    {
        int maxId = -1;
        foreach (var o in outputs) maxId = Math.Max(maxId, o.Id);
        var reachable = new bool[maxId + 1];
        foreach (var o in outputs) reachable[o.Id] = true;
        var nodes = b.Nodes;
        for (int id = maxId; id >= 0; id--)
        {
            if (!reachable[id]) continue;
            foreach (var operand in nodes[id].Operands) reachable[operand.Id] = true;
        }

        var tangents = new Expr?[maxId + 1];
        for (int id = 0; id <= maxId; id++)
        {
            if (!reachable[id]) continue;
            var e = nodes[id];
            tangents[id] = e.A is null ? Seed(e, seed) : Rule(b, e, tangents);
        }

        var result = new Expr[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
            result[i] = tangents[outputs[i].Id] ?? b.Zero(outputs[i].Shape);
        return result;
    }

    private static Expr? Seed(Expr leaf, Func<Expr, Expr?> seed)
    {
        if (leaf.Op == Op.Constant) return null;
        var t = seed(leaf);
        if (t is not null && t.Shape != leaf.Shape)
            throw new ArgumentException($"the seed of {leaf} must be a {leaf.Shape}, got a {t.Shape}", nameof(seed));
        return t is { IsZero: true } ? null : t;
    }

    // The tangent of y = op(a, c) from the tangents ȧ, ċ (null = 0).
    private static Expr? Rule(ExprBuilder b, Expr y, Expr?[] tangents)
    {
        var a = y.A!;
        var c = y.B;
        var da = tangents[a.Id];
        var dc = c is null ? null : tangents[c.Id];
        if (da is null && dc is null) return null;
        switch (y.Op)
        {
            case Op.Neg: return b.Neg(da!);                                               // (−a)˙ = −ȧ
            case Op.Add: return Fit(b, Plus(b, da, dc), y.Shape);                        // (a + c)˙ = ȧ + ċ
            case Op.Sub: return Fit(b, Minus(b, da, dc), y.Shape);                       // (a − c)˙ = ȧ − ċ
            case Op.Mul: return Plus(b, Times(b, da, c!), Times(b, dc, a));              // (a c)˙ = ȧ c + a ċ
            case Op.Div:                                                                 // (a / c)˙ = (ȧ − y ċ) / c
                return Fit(b, b.Div(Minus(b, da, Times(b, dc, y))!, c!), y.Shape);
            case Op.Exp: return b.Mul(da!, y);                                           // (eᵃ)˙ = eᵃ ȧ
            case Op.Log: return b.Div(da!, a);                                           // (log a)˙ = ȧ / a
            case Op.Sqrt: return b.Div(b.Mul(b.Constant(0.5), da!), y);                  // (√a)˙ = ȧ / (2√a)
            case Op.Sin: return b.Mul(da!, b.Unary(Op.Cos, a));                          // (sin a)˙ = cos a ȧ
            case Op.Cos: return b.Neg(b.Mul(da!, b.Unary(Op.Sin, a)));                   // (cos a)˙ = −sin a ȧ
            case Op.Tanh: return b.Mul(da!, b.Sub(b.Constant(1.0), b.Unary(Op.Square, y))); // (tanh a)˙ = (1 − y²) ȧ
            case Op.Sigmoid: return b.Mul(da!, b.Mul(y, b.Sub(b.Constant(1.0), y)));     // σ˙ = σ(1 − σ) ȧ
            case Op.Softplus: return b.Mul(da!, b.Unary(Op.Sigmoid, a));                 // softplus˙ = σ(a) ȧ
            case Op.Relu: return b.Mul(da!, b.Unary(Op.Step, a));                        // relu˙ = step(a) ȧ
            case Op.Abs: return b.Mul(da!, b.Unary(Op.Sign, a));                         // |a|˙ = sign(a) ȧ
            case Op.Square: return b.Mul(b.Mul(b.Constant(2.0), a), da!);                // (a²)˙ = 2a ȧ
            case Op.PowConst:                                                            // (aᵖ)˙ = p aᵖ⁻¹ ȧ
                return b.Mul(b.Mul(b.Constant(y.Value), b.PowConst(a, y.Value - 1.0)), da!);
            case Op.Step: case Op.Sign: return null;                                     // step˙ = sign˙ = 0 a.e.
            case Op.Sum: return b.Sum(da!);                                              // (Σ a)˙ = Σ ȧ
            case Op.Dot: return Plus(b, Dot(b, da, c!), Dot(b, dc, a));                  // (a·c)˙ = ȧ·c + a·ċ
            case Op.MatVec:                                                              // (M v)˙ = Ṁ v + M v̇
                return Plus(b, da is null ? null : b.MatVec(da, c!), dc is null ? null : b.MatVec(a, dc));
            case Op.MatTVec:                                                             // (Mᵀ u)˙ = Ṁᵀ u + Mᵀ u̇
                return Plus(b, da is null ? null : b.MatTVec(da, c!), dc is null ? null : b.MatTVec(a, dc));
            case Op.Outer:                                                               // (u vᵀ)˙ = u̇ vᵀ + u v̇ᵀ
                return Plus(b, da is null ? null : b.Outer(da, c!), dc is null ? null : b.Outer(a, dc));
            case Op.Transpose: return b.Transpose(da!);                                  // (Mᵀ)˙ = Ṁᵀ
            case Op.Index: return b.Index(da!, y.Index);                                 // (aᵢ)˙ = ȧᵢ
            case Op.Scatter: return b.Scatter(da!, y.Index, y.Shape);                    // (eᵢ s)˙ = eᵢ ṡ
            case Op.Broadcast: return b.Broadcast(da!, y.Shape);                         // (s·1)˙ = ṡ·1
            case Op.LogSumExp: return b.Dot(b.Softmax(a), da!);                          // (log Σ eᵃ)˙ = softmax(a)·ȧ
            case Op.Softmax: return b.Mul(y, b.Sub(da!, b.Dot(y, da!)));                 // s˙ = s ⊙ (ȧ − s·ȧ)
            default: throw new InvalidOperationException($"no tangent rule for {y.Op}");
        }
    }

    private static Expr? Plus(ExprBuilder b, Expr? x, Expr? y) => x is null ? y : y is null ? x : b.Add(x, y);

    private static Expr? Minus(ExprBuilder b, Expr? x, Expr? y) => y is null ? x : x is null ? b.Neg(y) : b.Sub(x, y);

    private static Expr? Times(ExprBuilder b, Expr? tangent, Expr factor) => tangent is null ? null : b.Mul(tangent, factor);

    private static Expr? Dot(ExprBuilder b, Expr? tangent, Expr other) => tangent is null ? null : b.Dot(tangent, other);

    // A tangent of a scalar operand of a broadcasting binary op must be broadcast to the result shape.
    private static Expr? Fit(ExprBuilder b, Expr? t, Shape shape) => t is null ? null : b.Fit(t, shape);
}
