
namespace FlowDsl.Symbolic.Ir;

internal static partial class Rules
{
    // ---- elementwise functions and constant powers ----------------------------------------------------

    public static Expr? Function(ExprBuilder b, Op op, Expr x) => (op, x) switch
    {
        (_, { IsConstant: true }) => ConstantFolder.Function(b, op, x),            // f(c) folds
        (Op.Square or Op.Abs, { Op: Op.Neg }) => b.Unary(op, x.A!),                // (−e)² = e², |−e| = |e|
        (Op.Abs, { Op: Op.Abs or Op.Square or Op.Exp or Op.Softplus or Op.Sigmoid or Op.Relu }) => x, // |e| = e for e ≥ 0
        (_, { Op: Op.Broadcast }) => b.Broadcast(b.Unary(op, x.A!), x.Shape),       // f(s·1) = f(s)·1
        _ => null,
    };

    public static Expr? PowConst(ExprBuilder b, Expr x, double p) => (x, p) switch
    {
        ({ IsConstant: true }, _) => ConstantFolder.Power(b, x, p),                // c^p folds
        (_, 0.0) => b.Constant(1.0, x.Shape),                                       // e⁰ = 1 (Math.Pow(e, 0) = 1 for every e)
        (_, 1.0) => x,                                                              // e¹ = e
        (_, 2.0) => b.Unary(Op.Square, x),                                          // e² is Square (exact)
        ({ Op: Op.Broadcast }, _) => b.Broadcast(b.PowConst(x.A!, p), x.Shape),
        _ => null,
    };
}
