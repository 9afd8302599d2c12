using System;

namespace FlowDsl.Symbolic.Ir;

internal static partial class Rules
{
    // ---- reductions and linear algebra ----------------------------------------------------------------
    // A constant has every entry equal to its Value, so products of constants fold to c₁c₂·(summed length).

    public static Expr? Sum(ExprBuilder b, Expr x, Shape shape) => x switch
    {
        { Shape.IsScalar: true } => x,                                              // Σ s = s
        { IsConstant: true } => ConstantFolder.Make(b, x.Value * x.Shape.Length, shape), // Σ c = n c
        { Op: Op.Broadcast } => b.Mul(b.Constant(x.Shape.Length), x.A!),            // Σ (s·1) = n s
        { Op: Op.Scatter } => x.A!,                                                  // Σ scatter(s) = s
        { Op: Op.Neg } => b.Neg(b.Sum(x.A!)),                                        // Σ (−e) = −Σ e
        { Op: Op.Transpose } => b.Sum(x.A!),                                          // Σ Mᵀ = Σ M
        _ => null,
    };

    public static Expr? Dot(ExprBuilder b, Expr x, Expr y, Shape shape) => (x, y) switch
    {
        ({ IsZero: true }, _) or (_, { IsZero: true }) => b.Zero(shape),            // 0 · e = 0
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Make(b, x.Value * y.Value * x.Shape.Length, shape),
        ({ Op: Op.Broadcast }, _) => b.Mul(x.A!, b.Sum(y)),                         // (s·1)·v = s Σ v
        (_, { Op: Op.Broadcast }) => b.Mul(y.A!, b.Sum(x)),
        ({ IsConstant: true }, _) => b.Mul(b.Constant(x.Value), b.Sum(y)), // (c·1)·v = c Σ v
        (_, { IsConstant: true }) => b.Mul(b.Constant(y.Value), b.Sum(x)),
        ({ Op: Op.Scatter }, _) => b.Mul(x.A!, b.Index(y, x.Index)),                // eᵢ s · v = s vᵢ
        (_, { Op: Op.Scatter }) => b.Mul(y.A!, b.Index(x, y.Index)),
        _ => null,
    };

    public static Expr? MatVec(ExprBuilder b, Expr m, Expr v, Shape shape) => (m, v) switch
    {
        ({ IsZero: true }, _) or (_, { IsZero: true }) => b.Zero(shape),            // 0 v = M 0 = 0
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Make(b, m.Value * v.Value * m.Shape.Cols, shape),
        ({ Op: Op.Transpose }, _) => b.MatTVec(m.A!, v),                            // (Aᵀ) v = Aᵀ v
        _ => null,
    };

    public static Expr? MatTVec(ExprBuilder b, Expr m, Expr u, Shape shape) => (m, u) switch
    {
        ({ IsZero: true }, _) or (_, { IsZero: true }) => b.Zero(shape),            // 0ᵀ u = Mᵀ 0 = 0
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Make(b, m.Value * u.Value * m.Shape.Rows, shape),
        ({ Op: Op.Transpose }, _) => b.MatVec(m.A!, u),                             // (Aᵀ)ᵀ u = A u
        _ => null,
    };

    public static Expr? Outer(ExprBuilder b, Expr u, Expr v, Shape shape) => (u, v) switch
    {
        ({ IsZero: true }, _) or (_, { IsZero: true }) => b.Zero(shape),            // 0 vᵀ = u 0ᵀ = 0
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Make(b, u.Value * v.Value, shape),
        _ => null,
    };

    public static Expr? Transpose(ExprBuilder b, Expr m, Shape shape) => m switch
    {
        { IsConstant: true } => b.Constant(m.Value, shape),                          // (c·1)ᵀ = c·1
        { Op: Op.Transpose } => m.A!,                                                 // (Mᵀ)ᵀ = M
        { Op: Op.Outer } => b.Outer(m.B!, m.A!),                                      // (u vᵀ)ᵀ = v uᵀ
        { Op: Op.Broadcast } => b.Broadcast(m.A!, shape),
        _ => null,
    };

    public static Expr? LogSumExp(ExprBuilder b, Expr v, Shape shape) => v switch
    {
        { IsConstant: true } => ConstantFolder.Make(b, v.Value + Math.Log(v.Shape.Length), shape), // log(n e^c) = c + log n
        _ => null,
    };

    public static Expr? Softmax(ExprBuilder b, Expr v, Shape shape) => v switch
    {
        { IsConstant: true } or { Op: Op.Broadcast } => b.Constant(1.0 / v.Shape.Length, shape), // equal entries → 1/n each
        _ => null,
    };
}
