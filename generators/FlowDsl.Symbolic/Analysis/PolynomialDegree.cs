using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Analysis;

/// <summary>
/// The (syntactic) degree of an expression as a polynomial in a chosen set of leaves, every other leaf being a
/// constant; −1 means "not a polynomial" (as far as the syntax shows). The degree is an upper bound: cancellations
/// such as x − x are not detected. Use it to prove that ∇ₓR is affine in x (degree ≤ 1) or to classify models.
/// </summary>
public static class PolynomialDegree
{
    /// <summary>Not a polynomial in the chosen leaves.</summary>
    public const int NotPolynomial = -1;

    /// <summary>The degree of <paramref name="e"/> in the leaves for which <paramref name="isVariable"/> is true.</summary>
    public static int Of(Expr e, Func<Expr, bool> isVariable)
    {
        var memo = new Dictionary<Expr, int>();
        foreach (var node in Traversal.PostOrder([e])) memo[node] = Degree(node, isVariable, memo);
        return memo[e];
    }

    /// <summary>The degree of <paramref name="e"/> in the given leaves.</summary>
    public static int Of(Expr e, IEnumerable<Expr> variables)
    {
        var set = new HashSet<Expr>(variables);
        return Of(e, set.Contains);
    }

    private static int Degree(Expr e, Func<Expr, bool> isVariable, Dictionary<Expr, int> memo)
    {
        if (e.A is null) return e.Op != Op.Constant && isVariable(e) ? 1 : 0;
        int a = memo[e.A];
        int c = e.B is null ? 0 : memo[e.B];
        return e.Op switch
        {
            // linear in their operands: the degree is the largest one
            Op.Add or Op.Sub => Max(a, c),
            Op.Neg or Op.Sum or Op.Transpose or Op.Index or Op.Scatter or Op.Broadcast => a,
            // bilinear: degrees add
            Op.Mul or Op.Dot or Op.MatVec or Op.MatTVec or Op.Outer => Plus(a, c),
            Op.Square => Plus(a, a),
            // a / c is a polynomial when c is constant in the variables
            Op.Div => c == 0 ? a : NotPolynomial,
            // aᵖ: pa for an integer p ≥ 0, constant when a is
            Op.PowConst => a == 0 ? 0 : a > 0 && e.Value >= 0 && e.Value == Math.Floor(e.Value) && e.Value <= int.MaxValue / Math.Max(a, 1)
                ? a * (int)e.Value : NotPolynomial,
            // transcendental or piecewise functions: constant if their argument is, otherwise not polynomial
            _ => a == 0 ? 0 : NotPolynomial,
        };
    }

    private static int Max(int a, int c) => a < 0 || c < 0 ? NotPolynomial : Math.Max(a, c);

    private static int Plus(int a, int c) => a < 0 || c < 0 ? NotPolynomial : a + c;
}
