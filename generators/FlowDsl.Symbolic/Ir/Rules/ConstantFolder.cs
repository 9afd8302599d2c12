using System;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// Folds operations on <see cref="Op.Constant"/> operands (every entry of a constant is the same number, so one
/// scalar computation gives the whole result). A fold that would produce NaN or ±∞ is refused (null): the node is
/// kept and the problem shows up at run time, where it belongs.
/// </summary>
internal static class ConstantFolder
{
    /// <summary>Constant(value, shape) if <paramref name="value"/> is finite, else null.</summary>
    public static Expr? Make(ExprBuilder b, double value, Shape shape) =>
        double.IsNaN(value) || double.IsInfinity(value) ? null : b.Constant(value, shape);

    /// <summary>f(c) for an elementwise function (the same formulas as the <see cref="Interpreter"/>).</summary>
    public static Expr? Function(ExprBuilder b, Op op, Expr c) => Make(b, Scalar.Function(op, c.Value, 0), c.Shape);

    /// <summary>c^p.</summary>
    public static Expr? Power(ExprBuilder b, Expr c, double p) => Make(b, Math.Pow(c.Value, p), c.Shape);

    /// <summary>x ∘ y for an elementwise binary operation.</summary>
    public static Expr? Binary(ExprBuilder b, Op op, Expr x, Expr y, Shape shape) =>
        Make(b, Scalar.Binary(op, x.Value, y.Value), shape);
}
