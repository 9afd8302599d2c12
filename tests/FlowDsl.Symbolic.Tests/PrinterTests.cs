using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests;

/// <summary>The formula printer: readable notation, and a bounded size for deep or heavily shared DAGs.</summary>
public sealed class PrinterTests
{
    [Fact]
    public void Prints_the_usual_notation()
    {
        var b = new ExprBuilder();
        var m = b.Parameter(0, "M", Shape.Matrix(2, 3));
        var v = b.Parameter(1, "v", Shape.Vector(3));
        var u = b.Data(0, "u", Shape.Vector(2));
        Assert.Equal("(M · v)", b.MatVec(m, v).ToString());
        Assert.Equal("(Mᵀ · u)", b.MatTVec(m, u).ToString());
        Assert.Equal("Pow(Sum(v), 1.5)", b.PowConst(b.Sum(v), 1.5).ToString());
        Assert.Equal("(2 * -Exp(v))", b.Node(Op.Mul, b.Constant(2), b.Neg(b.Unary(Op.Exp, v))).ToString());
        Assert.Equal("Scatter(u[1], 4, matrix(2×3))", b.Scatter(b.Index(u, 1), 4, m.Shape).ToString());
        Assert.Equal("Broadcast(Dot(v, v), vector(2))", b.Node(Op.Broadcast, b.Dot(v, v), shape: u.Shape).ToString());
        Assert.Equal("0.5[vector(3)]", b.Constant(0.5, v.Shape).ToString());
        Assert.Equal("v0", b.Direction(0, v.Shape).ToString());
        Assert.Equal("Outer(u, v)", b.Outer(u, v).ToString());
    }

    [Fact]
    public void A_shared_dag_prints_within_the_budget()
    {
        // e_{k+1} = e_k · e_k' (distinct operands sharing e_k): the tree has 2^60 leaves.
        var b = new ExprBuilder();
        var e = b.Parameter(0, "x", Shape.Scalar);
        for (int k = 0; k < 60; k++) e = b.Add(b.Unary(Op.Sin, e), b.Unary(Op.Cos, e));
        var text = e.ToString();
        Assert.InRange(text.Length, 100, ExprPrinter.DefaultBudget + 8 * 60); // plus the closing brackets of the open calls
        Assert.Contains("…", text);
        Assert.InRange(ExprPrinter.Print(e, 50).Length, 10, 300);
    }
}
