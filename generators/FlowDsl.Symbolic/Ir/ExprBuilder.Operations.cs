
namespace FlowDsl.Symbolic.Ir;

// Named constructors used by the parser and by differentiation. Each one checks shapes first (so a shape error is
// never hidden by a rewrite), then tries the local canonicalisation rules of Ir/Rules/Rules.*.cs (constant
// folding, 0 + e → e, 1 · e → e, …), and only then creates the node. Rules never change a value beyond
// floating-point reassociation of constants, except the documented 0 · e → 0, 0 / e → 0 and e − e → 0.
public sealed partial class ExprBuilder
{
    /// <summary>a + b (a scalar operand broadcasts).</summary>
    public Expr Add(Expr a, Expr b) => Simplified(Op.Add, a, b, InferShape(Op.Add, a, b, 0, null), Rules.Add);
    /// <summary>a − b (a scalar operand broadcasts).</summary>
    public Expr Sub(Expr a, Expr b) => Simplified(Op.Sub, a, b, InferShape(Op.Sub, a, b, 0, null), Rules.Sub);
    /// <summary>a ⊙ b, entrywise (a scalar operand broadcasts).</summary>
    public Expr Mul(Expr a, Expr b) => Simplified(Op.Mul, a, b, InferShape(Op.Mul, a, b, 0, null), Rules.Mul);
    /// <summary>a / b, entrywise (a scalar operand broadcasts).</summary>
    public Expr Div(Expr a, Expr b) => Simplified(Op.Div, a, b, InferShape(Op.Div, a, b, 0, null), Rules.Div);
    /// <summary>−a.</summary>
    public Expr Neg(Expr a) => Checked(Rules.Neg(this, a), a.Shape) ?? Make(Op.Neg, a.Shape, a, null, 0, 0, null);

    /// <summary>An elementwise function f(a) (<see cref="Op.Exp"/>, <see cref="Op.Log"/>, …); also accepts the other one-operand ops.</summary>
    public Expr Unary(Op op, Expr a) => op switch
    {
        Op.Neg => Neg(a),
        Op.Sum => Sum(a),
        Op.Transpose => Transpose(a),
        Op.LogSumExp => LogSumExp(a),
        Op.Softmax => Softmax(a),
        Op.PowConst => throw new System.ArgumentException("PowConst needs an exponent: call PowConst(a, p).", nameof(op)),
        _ => Function(op, a),
    };

    /// <summary>a^p for a constant exponent p.</summary>
    public Expr PowConst(Expr a, double exponent)
    {
        if (double.IsNaN(exponent) || double.IsInfinity(exponent))
            throw new System.ArgumentException($"the exponent of PowConst must be finite, got {exponent}", nameof(exponent));
        return Checked(Rules.PowConst(this, a, exponent), a.Shape) ?? Make(Op.PowConst, a.Shape, a, null, exponent, 0, null);
    }

    /// <summary>Σ of all entries.</summary>
    public Expr Sum(Expr a) => Simplified(Op.Sum, a, InferShape(Op.Sum, a, null, 0, null), Rules.Sum);
    /// <summary>Σᵢ aᵢ bᵢ.</summary>
    public Expr Dot(Expr a, Expr b) => Simplified(Op.Dot, a, b, InferShape(Op.Dot, a, b, 0, null), Rules.Dot);
    /// <summary>M v.</summary>
    public Expr MatVec(Expr m, Expr v) => Simplified(Op.MatVec, m, v, InferShape(Op.MatVec, m, v, 0, null), Rules.MatVec);
    /// <summary>Mᵀ u.</summary>
    public Expr MatTVec(Expr m, Expr u) => Simplified(Op.MatTVec, m, u, InferShape(Op.MatTVec, m, u, 0, null), Rules.MatTVec);
    /// <summary>u vᵀ.</summary>
    public Expr Outer(Expr u, Expr v) => Simplified(Op.Outer, u, v, InferShape(Op.Outer, u, v, 0, null), Rules.Outer);
    /// <summary>Mᵀ.</summary>
    public Expr Transpose(Expr m) => Simplified(Op.Transpose, m, InferShape(Op.Transpose, m, null, 0, null), Rules.Transpose);

    /// <summary>Entry <paramref name="flatIndex"/> (row-major) of a vector or matrix.</summary>
    public Expr Index(Expr a, int flatIndex)
    {
        var shape = InferShape(Op.Index, a, null, flatIndex, null);
        return Checked(Rules.Index(this, a, flatIndex), shape) ?? Make(Op.Index, shape, a, null, 0, flatIndex, null);
    }

    /// <summary>The scalar <paramref name="s"/> at flat position <paramref name="flatIndex"/> of a zero <paramref name="shape"/>.</summary>
    public Expr Scatter(Expr s, int flatIndex, Shape shape)
    {
        var result = InferShape(Op.Scatter, s, null, flatIndex, shape);
        return Checked(Rules.Scatter(this, s, flatIndex, result), result) ?? Make(Op.Scatter, result, s, null, 0, flatIndex, null);
    }

    /// <summary>The scalar <paramref name="s"/> repeated over <paramref name="shape"/>.</summary>
    public Expr Broadcast(Expr s, Shape shape)
    {
        var result = InferShape(Op.Broadcast, s, null, 0, shape);
        return Checked(Rules.Broadcast(this, s, result), result) ?? Make(Op.Broadcast, result, s, null, 0, 0, null);
    }

    /// <summary>log Σ e^{vᵢ}.</summary>
    public Expr LogSumExp(Expr v) => Simplified(Op.LogSumExp, v, InferShape(Op.LogSumExp, v, null, 0, null), Rules.LogSumExp);
    /// <summary>e^{vᵢ} / Σⱼ e^{vⱼ}.</summary>
    public Expr Softmax(Expr v) => Simplified(Op.Softmax, v, InferShape(Op.Softmax, v, null, 0, null), Rules.Softmax);

    /// <summary><paramref name="e"/> itself if it has <paramref name="shape"/>, else the scalar <paramref name="e"/> broadcast to it.</summary>
    public Expr Fit(Expr e, Shape shape) => e.Shape == shape ? e : Broadcast(e, shape);

    private Expr Function(Op op, Expr a)
    {
        if (op is < Op.Neg or > Op.Sign)
            throw new System.ArgumentException($"{op} is not an elementwise function; call its named method instead", nameof(op));
        var shape = InferShape(op, a, null, 0, null);
        return Checked(Rules.Function(this, op, a), shape) ?? Make(op, shape, a, null, 0, 0, null);
    }

    private Expr Simplified(Op op, Expr a, Expr b, Shape shape, System.Func<ExprBuilder, Expr, Expr, Shape, Expr?> rule) =>
        Checked(rule(this, a, b, shape), shape) ?? Make(op, shape, a, b, 0, 0, null);

    private Expr Simplified(Op op, Expr a, Shape shape, System.Func<ExprBuilder, Expr, Shape, Expr?> rule) =>
        Checked(rule(this, a, shape), shape) ?? Make(op, shape, a, null, 0, 0, null);

    // A rewrite must keep the shape; anything else is a bug in a rule, reported loudly rather than miscompiled.
    private static Expr? Checked(Expr? rewritten, Shape shape) =>
        rewritten is null || rewritten.Shape == shape
            ? rewritten
            : throw new System.InvalidOperationException($"simplification changed the shape {shape} into {rewritten.Shape} ({rewritten})");
}
