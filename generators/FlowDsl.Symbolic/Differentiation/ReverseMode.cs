using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Differentiation;

/// <summary>
/// Reverse-mode symbolic differentiation of a scalar output over the shaped, hash-consed DAG.
/// Nodes are visited in decreasing <see cref="Expr.Id"/> (a reverse topological order); each node's adjoint
/// ē = ∂output/∂e has the node's shape and is pushed to its operands with one rule per operation. Every node is
/// built by the <see cref="ExprBuilder"/>, so the result is simplified, shared with the primal, and bounded by the
/// builder's node budget.
/// </summary>
public static class ReverseMode
{
    /// <summary>
    /// ∂<paramref name="scalarOutput"/>/∂w for every leaf w of <paramref name="wrt"/>, each of w's shape
    /// (a zero constant when the output does not depend on w).
    /// </summary>
    /// <exception cref="ArgumentException">The output is not a scalar, or an entry of <paramref name="wrt"/> is not a leaf.</exception>
    /// <exception cref="ExpressionBudgetException">The gradient needs more nodes than the builder allows.</exception>
    public static Expr[] Gradient(ExprBuilder b, Expr scalarOutput, IReadOnlyList<Expr> wrt)
    {
        if (!scalarOutput.Shape.IsScalar)
            throw new ArgumentException($"the gradient needs a scalar output, got a {scalarOutput.Shape}", nameof(scalarOutput));
        foreach (var w in wrt)
        {
            if (w.A is not null || w.Op == Op.Constant)
                throw new ArgumentException($"can only differentiate with respect to a parameter, data or direction leaf, got {w}", nameof(wrt));
        }

        var adjoints = new Expr?[scalarOutput.Id + 1];
        adjoints[scalarOutput.Id] = b.Constant(1.0);
        var nodes = b.Nodes;
        for (int id = scalarOutput.Id; id >= 0; id--)
        {
            if (adjoints[id] is { } adjoint && nodes[id].A is not null)
                Propagate(b, nodes[id], adjoint, adjoints);
        }

        var gradient = new Expr[wrt.Count];
        for (int i = 0; i < wrt.Count; i++)
        {
            var w = wrt[i];
            gradient[i] = (w.Id < adjoints.Length && ReferenceEquals(nodes[w.Id], w) ? adjoints[w.Id] : null) ?? b.Zero(w.Shape);
        }
        return gradient;
    }

    // Pushes the adjoint ȳ of y = op(a, b) to a and b.
    private static void Propagate(ExprBuilder b, Expr y, Expr ȳ, Expr?[] adjoints)
    {
        var a = y.A!;
        var c = y.B; // second operand, when present
        switch (y.Op)
        {
            case Op.Neg: // (−a)' : ā −= ȳ
                Accumulate(b, adjoints, a, b.Neg(ȳ));
                break;
            case Op.Add: // a + c : ā += ȳ, c̄ += ȳ (summed over a broadcast)
                Accumulate(b, adjoints, a, ȳ);
                Accumulate(b, adjoints, c!, ȳ);
                break;
            case Op.Sub: // a − c : ā += ȳ, c̄ −= ȳ
                Accumulate(b, adjoints, a, ȳ);
                Accumulate(b, adjoints, c!, b.Neg(ȳ));
                break;
            case Op.Mul: // a ⊙ c : ā += ȳ ⊙ c, c̄ += ȳ ⊙ a
                Accumulate(b, adjoints, a, b.Mul(ȳ, c!));
                Accumulate(b, adjoints, c!, b.Mul(ȳ, a));
                break;
            case Op.Div: // y = a / c : ā += ȳ / c, c̄ −= ȳ ⊙ y / c
                Accumulate(b, adjoints, a, b.Div(ȳ, c!));
                Accumulate(b, adjoints, c!, b.Neg(b.Div(b.Mul(ȳ, y), c!)));
                break;
            case Op.Exp: // (eᵃ)' = eᵃ = y
                Accumulate(b, adjoints, a, b.Mul(ȳ, y));
                break;
            case Op.Log: // (log a)' = 1 / a
                Accumulate(b, adjoints, a, b.Div(ȳ, a));
                break;
            case Op.Sqrt: // (√a)' = 0.5 / √a = 0.5 / y
                Accumulate(b, adjoints, a, b.Div(b.Mul(b.Constant(0.5), ȳ), y));
                break;
            case Op.Sin: // (sin a)' = cos a
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Unary(Op.Cos, a)));
                break;
            case Op.Cos: // (cos a)' = −sin a
                Accumulate(b, adjoints, a, b.Neg(b.Mul(ȳ, b.Unary(Op.Sin, a))));
                break;
            case Op.Tanh: // (tanh a)' = 1 − tanh² a = 1 − y²
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Sub(b.Constant(1.0), b.Unary(Op.Square, y))));
                break;
            case Op.Sigmoid: // σ' = σ (1 − σ) = y (1 − y)
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Mul(y, b.Sub(b.Constant(1.0), y))));
                break;
            case Op.Softplus: // softplus' = σ
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Unary(Op.Sigmoid, a)));
                break;
            case Op.Relu: // relu' = step (relu'(0) = 0)
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Unary(Op.Step, a)));
                break;
            case Op.Abs: // |a|' = sign a (|·|'(0) = 0)
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Unary(Op.Sign, a)));
                break;
            case Op.Square: // (a²)' = 2a
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Mul(b.Constant(2.0), a)));
                break;
            case Op.PowConst: // (aᵖ)' = p aᵖ⁻¹
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Mul(b.Constant(y.Value), b.PowConst(a, y.Value - 1.0))));
                break;
            case Op.Step: // step' = 0 almost everywhere (the parser warns about non-differentiable points)
            case Op.Sign: // sign' = 0 almost everywhere
                break;
            case Op.Sum: // Σ a : ā += ȳ·1
                Accumulate(b, adjoints, a, b.Fit(ȳ, a.Shape));
                break;
            case Op.Dot: // a · c : ā += ȳ c, c̄ += ȳ a
                Accumulate(b, adjoints, a, b.Mul(ȳ, c!));
                Accumulate(b, adjoints, c!, b.Mul(ȳ, a));
                break;
            case Op.MatVec: // y = M v : M̄ += ȳ vᵀ, v̄ += Mᵀ ȳ
                Accumulate(b, adjoints, a, b.Outer(ȳ, c!));
                Accumulate(b, adjoints, c!, b.MatTVec(a, ȳ));
                break;
            case Op.MatTVec: // y = Mᵀ u : M̄ += u ȳᵀ, ū += M ȳ
                Accumulate(b, adjoints, a, b.Outer(c!, ȳ));
                Accumulate(b, adjoints, c!, b.MatVec(a, ȳ));
                break;
            case Op.Outer: // Y = u vᵀ : ū += Ȳ v, v̄ += Ȳᵀ u
                Accumulate(b, adjoints, a, b.MatVec(ȳ, c!));
                Accumulate(b, adjoints, c!, b.MatTVec(ȳ, a));
                break;
            case Op.Transpose: // Y = Mᵀ : M̄ += Ȳᵀ
                Accumulate(b, adjoints, a, b.Transpose(ȳ));
                break;
            case Op.Index: // y = aᵢ : ā += eᵢ ȳ
                Accumulate(b, adjoints, a, b.Scatter(ȳ, y.Index, a.Shape));
                break;
            case Op.Scatter: // Y = eᵢ s : s̄ += Ȳᵢ
                Accumulate(b, adjoints, a, b.Index(ȳ, y.Index));
                break;
            case Op.Broadcast: // Y = s·1 : s̄ += Σ Ȳ
                Accumulate(b, adjoints, a, b.Sum(ȳ));
                break;
            case Op.LogSumExp: // y = log Σ eᵃ : ā += ȳ softmax(a)
                Accumulate(b, adjoints, a, b.Mul(ȳ, b.Softmax(a)));
                break;
            case Op.Softmax: // s = softmax(a) : ā += s ⊙ (ȳ − (ȳ · s))
                Accumulate(b, adjoints, a, b.Mul(y, b.Sub(ȳ, b.Dot(ȳ, y))));
                break;
            default:
                throw new InvalidOperationException($"no derivative rule for {y.Op}");
        }
    }

    // adjoint(e) += contribution, first summing a contribution that was broadcast over a scalar operand.
    private static void Accumulate(ExprBuilder b, Expr?[] adjoints, Expr e, Expr contribution)
    {
        if (contribution.Shape != e.Shape)
        {
            if (!e.Shape.IsScalar)
                throw new InvalidOperationException($"an adjoint of shape {contribution.Shape} cannot flow into a {e.Shape}");
            contribution = b.Sum(contribution); // the operand was broadcast: ∂/∂s Σᵢ f(s) = Σᵢ ∂f/∂s
        }
        if (contribution.IsZero) return;
        adjoints[e.Id] = adjoints[e.Id] is { } existing ? b.Add(existing, contribution) : contribution;
    }
}
