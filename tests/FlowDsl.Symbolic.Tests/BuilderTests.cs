using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests;

/// <summary>Hash-consing, shape inference and errors, and the node budget of <see cref="ExprBuilder"/>.</summary>
public sealed class BuilderTests
{
    [Fact]
    public void Structurally_equal_requests_return_the_same_node()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(3));
        var y = b.Parameter(0, "x", Shape.Vector(3));
        Assert.Same(x, y);
        var e1 = b.Mul(b.Unary(Op.Sin, x), b.Constant(2.5));
        int count = b.Count;
        var e2 = b.Mul(b.Unary(Op.Sin, x), b.Constant(2.5));
        Assert.Same(e1, e2);
        Assert.Equal(count, b.Count);
        Assert.Same(b.Constant(0.0), b.Constant(-0.0)); // −0 and 0 are one node
    }

    [Fact]
    public void Nodes_that_differ_in_any_field_are_distinct()
    {
        var b = new ExprBuilder();
        var v = b.Parameter(0, "v", Shape.Vector(3));
        Assert.NotSame(v, b.Parameter(1, "v", Shape.Vector(3)));          // block
        Assert.NotSame(v, b.Parameter(0, "w", Shape.Vector(3)));          // name
        Assert.NotSame(v, b.Data(0, "v", Shape.Vector(3)));               // op
        Assert.NotSame(v, b.Parameter(0, "v", Shape.Vector(2)));          // shape
        Assert.NotSame(b.Index(v, 0), b.Index(v, 1));                     // index
        Assert.NotSame(b.PowConst(v, 3), b.PowConst(v, 4));              // value
        Assert.NotSame(b.Constant(1.0, Shape.Vector(3)), b.Constant(1.0)); // constant shape
    }

    [Fact]
    public void Ids_are_a_topological_order()
    {
        var gen = new Infrastructure.RandomExpressions(7);
        gen.Scalar(6);
        foreach (var n in gen.Builder.Nodes)
            foreach (var o in n.Operands) Assert.True(o.Id < n.Id);
    }

    [Fact]
    public void Shapes_are_inferred()
    {
        var b = new ExprBuilder();
        var m = b.Parameter(0, "m", Shape.Matrix(2, 3));
        var v = b.Parameter(1, "v", Shape.Vector(3));
        var u = b.Parameter(2, "u", Shape.Vector(2));
        var s = b.Parameter(3, "s", Shape.Scalar);
        Assert.Equal(Shape.Vector(2), b.MatVec(m, v).Shape);
        Assert.Equal(Shape.Vector(3), b.MatTVec(m, u).Shape);
        Assert.Equal(Shape.Matrix(2, 3), b.Outer(u, v).Shape);
        Assert.Equal(Shape.Matrix(3, 2), b.Transpose(m).Shape);
        Assert.Equal(Shape.Scalar, b.Dot(v, v).Shape);
        Assert.Equal(Shape.Vector(3), b.Mul(s, v).Shape);
        Assert.Equal(Shape.Vector(3), b.Div(v, s).Shape);
        Assert.Equal(Shape.Scalar, b.LogSumExp(v).Shape);
        Assert.Equal(Shape.Vector(3), b.Softmax(v).Shape);
        Assert.Equal(Shape.Matrix(2, 3), b.Scatter(s, 4, Shape.Matrix(2, 3)).Shape);
    }

    [Fact]
    public void Shape_errors_name_the_shapes()
    {
        var b = new ExprBuilder();
        var m = b.Parameter(0, "m", Shape.Matrix(2, 3));
        var v = b.Parameter(1, "v", Shape.Vector(3));
        var u = b.Parameter(2, "u", Shape.Vector(2));
        Assert.Contains("vector(3)", Assert.Throws<ShapeException>(() => b.Add(v, u)).Message);
        Assert.Throws<ShapeException>(() => b.MatVec(m, u));
        Assert.Throws<ShapeException>(() => b.MatTVec(m, v));
        Assert.Throws<ShapeException>(() => b.Dot(u, v));
        Assert.Throws<ShapeException>(() => b.Outer(m, v));
        Assert.Throws<ShapeException>(() => b.Transpose(v));
        Assert.Throws<ShapeException>(() => b.Index(v, 3));
        Assert.Throws<ShapeException>(() => b.Index(v, -1));
        Assert.Throws<ShapeException>(() => b.Scatter(v, 0, Shape.Vector(3)));
        Assert.Throws<ShapeException>(() => b.Scatter(b.Constant(1), 3, Shape.Vector(3)));
        Assert.Throws<ShapeException>(() => b.Broadcast(v, Shape.Matrix(2, 3)));
        Assert.Throws<ShapeException>(() => b.LogSumExp(m));
        Assert.Throws<ShapeException>(() => b.Softmax(b.Constant(1)));
    }

    [Fact]
    public void The_node_budget_is_enforced()
    {
        var b = new ExprBuilder(maxNodes: 50);
        var x = b.Parameter(0, "x", Shape.Scalar);
        var e = x;
        var ex = Assert.Throws<ExpressionBudgetException>(() =>
        {
            for (int i = 0; i < 100; i++) e = b.Add(b.Unary(Op.Sin, e), x);
        });
        Assert.Equal(50, ex.Budget);
        Assert.Equal(50, b.Count);
    }

    [Fact]
    public void Nan_constants_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new ExprBuilder().Constant(double.NaN));

    [Fact]
    public void Unary_rejects_operations_that_need_more_than_one_operand()
    {
        var b = new ExprBuilder();
        var v = b.Parameter(0, "v", Shape.Vector(3));
        Assert.Throws<ArgumentException>(() => b.Unary(Op.Index, v));
        Assert.Throws<ArgumentException>(() => b.Unary(Op.Add, v));
        Assert.Throws<ArgumentException>(() => b.Unary(Op.PowConst, v));
        Assert.Same(b.Sum(v), b.Unary(Op.Sum, v));
    }
}
