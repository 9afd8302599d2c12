
namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// Local rewrite rules applied by the <see cref="ExprBuilder"/> as nodes are built. Each rule returns the
/// replacement (of the same shape as the node it replaces: <paramref name="shape"/>) or null to build the node.
/// Rules only call the builder's named methods on strictly "smaller" requests, so they terminate.
/// </summary>
internal static partial class Rules
{
    // ---- arithmetic: + − · / and unary minus ---------------------------------------------------------

    public static Expr? Add(ExprBuilder b, Expr x, Expr y, Shape shape) => (x, y) switch
    {
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Binary(b, Op.Add, x, y, shape),
        ({ IsZero: true }, _) => b.Fit(y, shape),                                  // 0 + e = e
        (_, { IsZero: true }) => b.Fit(x, shape),                                  // e + 0 = e
        (_, { Op: Op.Neg }) => b.Sub(x, y.A!),                                    // e + (−f) = e − f
        ({ Op: Op.Neg }, _) => b.Sub(y, x.A!),                                    // (−e) + f = f − e
        ({ Op: Op.Broadcast }, _) when y.Shape == shape => b.Add(x.A!, y),        // broadcasting is implicit
        (_, { Op: Op.Broadcast }) when x.Shape == shape => b.Add(x, y.A!),
        (_, { IsConstant: true }) => b.Add(y, x),                                 // constants first (exact: + commutes)
        _ when ReferenceEquals(x, y) => b.Mul(b.Constant(2), x),                  // e + e = 2e (exact: both double e)
        _ => null,
    };

    public static Expr? Sub(ExprBuilder b, Expr x, Expr y, Shape shape) => (x, y) switch
    {
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Binary(b, Op.Sub, x, y, shape),
        (_, { IsZero: true }) => b.Fit(x, shape),                                  // e − 0 = e
        ({ IsZero: true }, _) => b.Fit(b.Neg(y), shape),                           // 0 − e = −e
        _ when ReferenceEquals(x, y) => b.Zero(shape),                             // e − e = 0
        (_, { Op: Op.Neg }) => b.Add(x, y.A!),                                    // e − (−f) = e + f
        ({ Op: Op.Broadcast }, _) when y.Shape == shape => b.Sub(x.A!, y),
        (_, { Op: Op.Broadcast }) when x.Shape == shape => b.Sub(x, y.A!),
        _ => null,
    };

    public static Expr? Mul(ExprBuilder b, Expr x, Expr y, Shape shape) => (x, y) switch
    {
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Binary(b, Op.Mul, x, y, shape),
        ({ IsZero: true }, _) or (_, { IsZero: true }) => b.Zero(shape),           // 0 · e = 0 (of the result shape)
        ({ IsOne: true }, _) => b.Fit(y, shape),                                   // 1 · e = e
        (_, { IsOne: true }) => b.Fit(x, shape),                                   // e · 1 = e
        (_, { IsConstant: true }) => b.Mul(y, x),                                  // constants first (exact: · commutes)
        ({ IsConstant: true, Value: -1.0 }, _) => b.Fit(b.Neg(y), shape),          // (−1) · e = −e
        ({ IsConstant: true, Shape.IsScalar: true }, { Op: Op.Mul, A: { IsConstant: true, Shape.IsScalar: true } })
            => CombineConstants(b, x, y, shape),                                   // c₁ · (c₂ · e) = (c₁c₂) · e
        ({ IsConstant: true, Shape.IsScalar: true }, { Op: Op.Neg })
            => b.Mul(b.Constant(-x.Value), y.A!),                                  // c · (−e) = (−c) · e
        ({ Op: Op.Neg }, { Op: Op.Neg }) => b.Mul(x.A!, y.A!),                     // (−e)(−f) = e f
        _ when ReferenceEquals(x, y) => b.Unary(Op.Square, x),                   // e · e = e²
        ({ Op: Op.Broadcast }, _) when y.Shape == shape => b.Mul(x.A!, y),
        (_, { Op: Op.Broadcast }) when x.Shape == shape => b.Mul(x, y.A!),
        _ => null,
    };

    public static Expr? Div(ExprBuilder b, Expr x, Expr y, Shape shape) => (x, y) switch
    {
        ({ IsConstant: true }, { IsConstant: true }) => ConstantFolder.Binary(b, Op.Div, x, y, shape),
        (_, { IsOne: true }) => b.Fit(x, shape),                                   // e / 1 = e
        ({ IsZero: true }, _) => b.Zero(shape),                                    // 0 / e = 0 (like 0 · e)
        ({ Op: Op.Broadcast }, _) when y.Shape == shape => b.Div(x.A!, y),
        (_, { Op: Op.Broadcast }) when x.Shape == shape => b.Div(x, y.A!),
        _ => null,
    };

    public static Expr? Neg(ExprBuilder b, Expr x) => x switch
    {
        { IsConstant: true } => ConstantFolder.Function(b, Op.Neg, x),             // −c folds (−0 = 0)
        { Op: Op.Neg } => x.A!,                                                    // −(−e) = e
        { Op: Op.Broadcast } => b.Broadcast(b.Neg(x.A!), x.Shape),                 // −(s·1) = (−s)·1
        _ => null,
    };

    // c₁ · (c₂ · e) = (c₁c₂) · e, refused (null) if c₁c₂ overflows.
    private static Expr? CombineConstants(ExprBuilder b, Expr c1, Expr product, Shape shape) =>
        ConstantFolder.Make(b, c1.Value * product.A!.Value, Shape.Scalar) is { } c ? b.Fit(b.Mul(c, product.B!), shape) : null;
}
