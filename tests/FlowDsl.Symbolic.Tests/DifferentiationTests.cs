using FlowDsl.Symbolic.Differentiation;
using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests;

/// <summary>Closed-form derivatives, argument checks and node-count bounds of differentiation.</summary>
public sealed class DifferentiationTests
{
    [Fact]
    public void Gradient_of_a_quadratic_form_is_the_closed_form()
    {
        // R = ½ xᵀ A x, ∇R = ½ (A + Aᵀ) x, ∇²R v = ½ (A + Aᵀ) v.
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(2));
        var a = b.Data(0, "A", Shape.Matrix(2, 2));
        var r = b.Mul(b.Constant(0.5), b.Dot(x, b.MatVec(a, x)));
        var g = ReverseMode.Gradient(b, r, [x])[0];
        var h = Differentiator.HessianVectorProduct(b, [g])[0];
        double[] xv = [1, 2], av = [1, 2, 3, 4], vv = [-1, 1];
        double[] Leaf(Expr e) => e.Op switch { Op.Parameter => xv, Op.Data => av, _ => vv };
        // ½(A + Aᵀ) = [[1, 2.5], [2.5, 4]]
        Assert.Equal([1 + 5.0, 2.5 + 8], Interpreter.Evaluate(g, Leaf));
        Assert.Equal([-1 + 2.5, -2.5 + 4], Interpreter.Evaluate(h, Leaf));
    }

    [Fact]
    public void A_leaf_the_output_does_not_depend_on_gets_a_zero_of_its_shape()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(3));
        var unused = b.Parameter(1, "w", Shape.Matrix(2, 3));
        var theta = b.Data(0, "theta", Shape.Vector(3));
        var g = ReverseMode.Gradient(b, b.Dot(x, theta), [unused, theta, x]);
        Assert.Same(b.Zero(Shape.Matrix(2, 3)), g[0]);
        Assert.Same(x, g[1]);     // any leaf may be differentiated: ∂(x·θ)/∂θ = x
        Assert.Same(theta, g[2]);
        var t = ForwardMode.Tangent(b, [b.Dot(x, theta)], leaf => leaf == unused ? b.Direction(0, leaf.Shape) : null);
        Assert.Same(b.Zero(Shape.Scalar), t[0]);
    }

    [Fact]
    public void Step_and_sign_have_zero_derivative()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(3));
        var r = b.Sum(b.Add(b.Unary(Op.Step, x), b.Unary(Op.Sign, x)));
        Assert.True(ReverseMode.Gradient(b, r, [x])[0].IsZero);
        Assert.True(ForwardMode.Tangent(b, [r], leaf => b.Direction(0, leaf.Shape))[0].IsZero);
    }

    [Fact]
    public void Bad_arguments_are_reported()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(3));
        Assert.Contains("scalar", Assert.Throws<ArgumentException>(() => ReverseMode.Gradient(b, x, [x])).Message);
        Assert.Throws<ArgumentException>(() => ReverseMode.Gradient(b, b.Sum(x), [b.Sum(x)]));
        Assert.Throws<ArgumentException>(() => ReverseMode.Gradient(b, b.Sum(x), [b.Constant(1)]));
        var ex = Assert.Throws<ArgumentException>(() => ForwardMode.Tangent(b, [b.Sum(x)], _ => b.Direction(0, Shape.Scalar)));
        Assert.Contains("vector(3)", ex.Message);
    }

    [Fact]
    public void Differentiating_a_deep_nest_stays_linear_in_size()
    {
        // e₀ = x, eₖ₊₁ = sin(eₖ) · eₖ + x: without sharing the derivative tree doubles per level.
        foreach (int depth in new[] { 100, 200 })
        {
            var b = new ExprBuilder();
            var x = b.Parameter(0, "x", Shape.Vector(4));
            var e = x;
            for (int k = 0; k < depth; k++) e = b.Add(b.Mul(b.Unary(Op.Sin, e), e), x);
            var r = b.Sum(e);
            int primal = b.Count;
            var g = ReverseMode.Gradient(b, r, [x]);
            int afterGradient = b.Count;
            Differentiator.HessianVectorProduct(b, g);
            Assert.True(afterGradient - primal <= 8 * depth, $"depth {depth}: gradient added {afterGradient - primal} nodes");
            Assert.True(b.Count - afterGradient <= 30 * depth, $"depth {depth}: HVP added {b.Count - afterGradient} nodes");
        }
    }

    [Fact]
    public void Differentiation_respects_the_node_budget()
    {
        var b = new ExprBuilder(maxNodes: 300);
        var x = b.Parameter(0, "x", Shape.Scalar);
        var e = x;
        for (int k = 0; k < 60; k++) e = b.Add(b.Unary(Op.Sin, e), x);
        Assert.Throws<ExpressionBudgetException>(() => Differentiator.HessianVectorProduct(b, ReverseMode.Gradient(b, e, [x])));
    }

    [Fact]
    public void Mnist_sized_mlp_differentiates_into_a_few_shaped_nodes()
    {
        // R = logsumexp(z) − z·y with z = W₂ tanh(W₁ x + b₁) + b₂, W₁ 16×784: shaped nodes, not 12544 scalars.
        var b = new ExprBuilder();
        var w1 = b.Parameter(0, "W1", Shape.Matrix(16, 784));
        var b1 = b.Parameter(1, "b1", Shape.Vector(16));
        var w2 = b.Parameter(2, "W2", Shape.Matrix(10, 16));
        var b2 = b.Parameter(3, "b2", Shape.Vector(10));
        var x = b.Data(0, "x", Shape.Vector(784));
        var y = b.Data(1, "y", Shape.Vector(10));
        var h = b.Unary(Op.Tanh, b.Add(b.MatVec(w1, x), b1));
        var z = b.Add(b.MatVec(w2, h), b2);
        var r = b.Sub(b.LogSumExp(z), b.Dot(z, y));
        var g = ReverseMode.Gradient(b, r, [w1, b1, w2, b2]);
        int afterGradient = b.Count;
        var hv = Differentiator.HessianVectorProduct(b, g);
        Assert.True(afterGradient < 40, $"primal + gradient use {afterGradient} nodes");
        Assert.True(b.Count < 120, $"primal + gradient + HVP use {b.Count} nodes");
        Assert.Equal(Shape.Matrix(16, 784), g[0].Shape);
        Assert.Equal(Shape.Matrix(16, 784), hv[0].Shape);
    }
}
