using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Differentiation;

/// <summary>
/// The derivative products the generator emits, built from <see cref="ReverseMode"/> and <see cref="ForwardMode"/>
/// ("forward over reverse"; never a dense Hessian).
/// </summary>
public static class Differentiator
{
    /// <summary>∇ₓR: the gradient of a scalar risk with respect to the given parameter leaves.</summary>
    public static Expr[] Gradient(ExprBuilder b, Expr risk, IReadOnlyList<Expr> parameters) =>
        ReverseMode.Gradient(b, risk, parameters);

    /// <summary>
    /// ∇²ₓR·v = d/dε ∇ₓR(x + εv): the tangent of <paramref name="gradient"/> with Parameter block i seeded by
    /// <c>Direction(i, shape)</c>; data leaves and directions are held fixed.
    /// </summary>
    public static Expr[] HessianVectorProduct(ExprBuilder b, IReadOnlyList<Expr> gradient) =>
        ForwardMode.Tangent(b, gradient, leaf => leaf.Op == Op.Parameter ? b.Direction(leaf.Index, leaf.Shape) : null);

    /// <summary>
    /// (∂_θ∇ₓR)·u = d/dε ∇ₓR(x, θ + εu): the tangent of <paramref name="gradient"/> with Data block i seeded by
    /// <c>Direction(i, shape)</c>. Direction blocks here index data blocks, so do not mix this product with
    /// <see cref="HessianVectorProduct"/> in one kernel.
    /// </summary>
    public static Expr[] DataJacobianProduct(ExprBuilder b, IReadOnlyList<Expr> gradient) =>
        ForwardMode.Tangent(b, gradient, leaf => leaf.Op == Op.Data ? b.Direction(leaf.Index, leaf.Shape) : null);
}
