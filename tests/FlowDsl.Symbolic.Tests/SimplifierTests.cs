using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests;

/// <summary>One test per canonicalisation rule of the builder (Ir/Rules/Rules.*.cs).</summary>
public sealed class SimplifierTests
{
    private readonly ExprBuilder _b = new();
    private readonly Expr _s;   // scalar parameter
    private readonly Expr _t;   // another scalar
    private readonly Expr _v;   // vector(3)
    private readonly Expr _w;   // vector(2)
    private readonly Expr _m;   // matrix(2×3)

    public SimplifierTests()
    {
        _s = _b.Parameter(0, "s", Shape.Scalar);
        _t = _b.Data(0, "t", Shape.Scalar);
        _v = _b.Parameter(1, "v", Shape.Vector(3));
        _w = _b.Parameter(2, "w", Shape.Vector(2));
        _m = _b.Parameter(3, "m", Shape.Matrix(2, 3));
    }

    private Expr C(double value) => _b.Constant(value);
    private Expr Zero(Shape shape) => _b.Zero(shape);

    // ---- constant folding ----

    [Fact]
    public void Scalar_constants_fold()
    {
        Assert.Same(C(5), _b.Add(C(2), C(3)));
        Assert.Same(C(-1), _b.Sub(C(2), C(3)));
        Assert.Same(C(6), _b.Mul(C(2), C(3)));
        Assert.Same(C(0.5), _b.Div(C(1), C(2)));
        Assert.Same(C(-2), _b.Neg(C(2)));
        Assert.Same(C(Math.Exp(1)), _b.Unary(Op.Exp, C(1)));
        Assert.Same(C(8), _b.PowConst(C(2), 3));
        Assert.Same(C(1), _b.Unary(Op.Step, C(2)));
        Assert.Same(C(0), _b.Unary(Op.Sign, C(0)));
    }

    [Fact]
    public void Shaped_constants_fold_with_broadcasting()
    {
        var v3 = Shape.Vector(3);
        Assert.Same(_b.Constant(5, v3), _b.Add(C(2), _b.Constant(3, v3)));
        Assert.Same(_b.Constant(6, v3), _b.Mul(_b.Constant(2, v3), _b.Constant(3, v3)));
        Assert.Same(C(18), _b.Sum(_b.Constant(6, v3)));
        Assert.Same(C(2 * 3 * 3), _b.Dot(_b.Constant(2, v3), _b.Constant(3, v3)));
        Assert.Same(_b.Constant(2 * 5 * 3, Shape.Vector(2)), _b.MatVec(_b.Constant(2, Shape.Matrix(2, 3)), _b.Constant(5, v3)));
        Assert.Same(_b.Constant(2 * 5 * 2, v3), _b.MatTVec(_b.Constant(2, Shape.Matrix(2, 3)), _b.Constant(5, Shape.Vector(2))));
        Assert.Same(_b.Constant(6, Shape.Matrix(2, 3)), _b.Outer(_b.Constant(2, Shape.Vector(2)), _b.Constant(3, v3)));
        Assert.Same(_b.Constant(4, Shape.Matrix(3, 2)), _b.Transpose(_b.Constant(4, Shape.Matrix(2, 3))));
        Assert.Same(C(4 + Math.Log(3)), _b.LogSumExp(_b.Constant(4, v3)));
        Assert.Same(_b.Constant(1.0 / 3, v3), _b.Softmax(_b.Constant(4, v3)));
        Assert.Same(_b.Constant(7, v3), _b.Broadcast(C(7), v3));
    }

    [Fact]
    public void Folding_that_would_give_nan_or_infinity_is_refused()
    {
        var log = _b.Unary(Op.Log, C(-1));
        Assert.Equal(Op.Log, log.Op);
        var div = _b.Div(C(1), C(0));
        Assert.Equal(Op.Div, div.Op);
    }

    // ---- arithmetic identities ----

    [Fact]
    public void Adding_zero_is_the_identity()
    {
        Assert.Same(_v, _b.Add(C(0), _v));
        Assert.Same(_v, _b.Add(_v, Zero(_v.Shape)));
        // 0[vector] + s must keep the vector shape: the scalar is broadcast.
        Assert.Same(_b.Broadcast(_s, _v.Shape), _b.Add(Zero(_v.Shape), _s));
    }

    [Fact]
    public void Adding_an_expression_to_itself_doubles_it()
    {
        Assert.Same(_b.Mul(C(2), _v), _b.Add(_v, _v));                // e + e = 2e
        Assert.Same(_b.Mul(C(2), _s), _b.Add(_s, _s));
        Assert.Same(_b.Mul(C(6), _v), _b.Add(_b.Mul(C(3), _v), _b.Mul(C(3), _v))); // 3e + 3e = 6e through c₁(c₂e)
        Assert.NotSame(_b.Mul(C(2), _v), _b.Add(_v, _b.Mul(C(1.5), _v)));
    }

    [Fact]
    public void The_gradient_of_half_a_squared_distance_is_the_difference()
    {
        // ∇ₓ ½|x − θ|² used to read 0.5(x − θ) + 0.5(x − θ) (issue #16); e + e = 2e and c₁(c₂e) = (c₁c₂)e make it x − θ.
        var x = _b.Parameter(0, "x", Shape.Vector(3));
        var θ = _b.Data(0, "θ", Shape.Vector(3));
        var difference = _b.Sub(x, θ);
        var gradient = Differentiation.ReverseMode.Gradient(_b, _b.Mul(C(0.5), _b.Dot(difference, difference)), [x])[0];
        Assert.Same(difference, gradient);
    }

    [Fact]
    public void Subtraction_rules()
    {
        Assert.Same(_v, _b.Sub(_v, C(0)));                           // e − 0 = e
        Assert.Same(_b.Neg(_v), _b.Sub(C(0), _v));                   // 0 − e = −e
        Assert.Same(Zero(_v.Shape), _b.Sub(_v, _v));                 // e − e = 0
        Assert.Same(_b.Add(_s, _t), _b.Sub(_s, _b.Neg(_t)));         // e − (−f) = e + f
        Assert.Same(_b.Sub(_s, _t), _b.Add(_s, _b.Neg(_t)));         // e + (−f) = e − f
    }

    [Fact]
    public void Multiplication_rules()
    {
        Assert.Same(_v, _b.Mul(C(1), _v));                           // 1 · e = e
        Assert.Same(_v, _b.Mul(_v, C(1)));
        Assert.Same(Zero(_v.Shape), _b.Mul(C(0), _v));               // 0(scalar) · v is a zero vector
        Assert.Same(Zero(_v.Shape), _b.Mul(Zero(_v.Shape), _s));     // 0[vector] · s is a zero vector too
        Assert.Same(_b.Neg(_v), _b.Mul(C(-1), _v));                  // (−1) · e = −e
        Assert.Same(_b.Mul(C(6), _v), _b.Mul(C(2), _b.Mul(C(3), _v))); // c₁(c₂e) = (c₁c₂)e
        Assert.Same(_b.Mul(C(3), _v), _b.Mul(_v, C(3)));             // constants first
        Assert.Same(_b.Mul(C(-2), _v), _b.Mul(C(2), _b.Neg(_v)));    // c(−e) = (−c)e
        Assert.Same(_b.Mul(_s, _t), _b.Mul(_b.Neg(_s), _b.Neg(_t))); // (−a)(−b) = ab
        Assert.Same(_b.Unary(Op.Square, _s), _b.Mul(_s, _s));        // e·e = e²
    }

    [Fact]
    public void Division_rules()
    {
        Assert.Same(_v, _b.Div(_v, C(1)));                           // e / 1 = e
        Assert.Same(Zero(_v.Shape), _b.Div(C(0), _v));               // 0 / e = 0
    }

    [Fact]
    public void Negation_rules()
    {
        Assert.Same(_v, _b.Neg(_b.Neg(_v)));                         // −(−e) = e
        Assert.Same(Zero(_v.Shape), _b.Neg(Zero(_v.Shape)));         // −0 = 0
        Assert.Same(C(0), _b.Neg(C(0)));
    }

    [Fact]
    public void Broadcast_operands_of_elementwise_ops_become_implicit()
    {
        Assert.Same(_b.Mul(_s, _v), _b.Mul(_b.Broadcast(_s, _v.Shape), _v));
        Assert.Same(_b.Add(_s, _v), _b.Add(_b.Broadcast(_s, _v.Shape), _v));
        Assert.Same(_b.Sub(_v, _s), _b.Sub(_v, _b.Broadcast(_s, _v.Shape)));
        Assert.Same(_b.Div(_v, _s), _b.Div(_v, _b.Broadcast(_s, _v.Shape)));
    }

    // ---- functions and powers ----

    [Fact]
    public void Power_rules()
    {
        Assert.Same(_b.Constant(1, _v.Shape), _b.PowConst(_v, 0));   // e⁰ = 1
        Assert.Same(_v, _b.PowConst(_v, 1));                        // e¹ = e
        Assert.Same(_b.Unary(Op.Square, _v), _b.PowConst(_v, 2));   // e² = Square(e)
        Assert.Throws<ArgumentException>(() => _b.PowConst(_v, double.NaN));
    }

    [Fact]
    public void Even_functions_drop_a_negation_and_abs_of_nonnegative_values_is_dropped()
    {
        Assert.Same(_b.Unary(Op.Square, _v), _b.Unary(Op.Square, _b.Neg(_v)));
        Assert.Same(_b.Unary(Op.Abs, _v), _b.Unary(Op.Abs, _b.Neg(_v)));
        var e = _b.Unary(Op.Exp, _v);
        Assert.Same(e, _b.Unary(Op.Abs, e));
        Assert.Same(_b.Broadcast(_b.Unary(Op.Sin, _s), _v.Shape), _b.Unary(Op.Sin, _b.Broadcast(_s, _v.Shape)));
    }

    // ---- reductions, linear algebra and structure of zeros ----

    [Fact]
    public void Linear_operations_of_zeros_are_zeros_of_the_result_shape()
    {
        Assert.Same(C(0), _b.Sum(Zero(_v.Shape)));
        Assert.Same(C(0), _b.Dot(Zero(_v.Shape), _v));
        Assert.Same(Zero(Shape.Vector(2)), _b.MatVec(Zero(_m.Shape), _v));
        Assert.Same(Zero(Shape.Vector(2)), _b.MatVec(_m, Zero(_v.Shape)));
        Assert.Same(Zero(Shape.Vector(3)), _b.MatTVec(_m, Zero(_w.Shape)));
        Assert.Same(Zero(Shape.Matrix(2, 3)), _b.Outer(_w, Zero(_v.Shape)));
        Assert.Same(Zero(Shape.Matrix(3, 2)), _b.Transpose(Zero(_m.Shape)));
        Assert.Same(C(0), _b.Index(Zero(_v.Shape), 1));
        Assert.Same(Zero(_v.Shape), _b.Broadcast(C(0), _v.Shape));
        Assert.Same(Zero(_v.Shape), _b.Scatter(C(0), 2, _v.Shape));
    }

    [Fact]
    public void Sum_rules()
    {
        Assert.Same(_s, _b.Sum(_s));                                            // Σ s = s
        Assert.Same(_b.Mul(C(3), _s), _b.Sum(_b.Broadcast(_s, _v.Shape)));     // Σ (s·1) = n s
        Assert.Same(_s, _b.Sum(_b.Scatter(_s, 1, _v.Shape)));                   // Σ scatter(s) = s
        Assert.Same(_b.Sum(_m), _b.Sum(_b.Transpose(_m)));
    }

    [Fact]
    public void Dot_rules()
    {
        Assert.Same(_b.Mul(_s, _b.Sum(_v)), _b.Dot(_b.Broadcast(_s, _v.Shape), _v));
        Assert.Same(_b.Mul(_s, _b.Index(_v, 2)), _b.Dot(_b.Scatter(_s, 2, _v.Shape), _v));
        Assert.Same(_b.Mul(C(2), _b.Sum(_v)), _b.Dot(_b.Constant(2, _v.Shape), _v));
    }

    [Fact]
    public void Transpose_rules()
    {
        Assert.Same(_m, _b.Transpose(_b.Transpose(_m)));                        // (Mᵀ)ᵀ = M
        Assert.Same(_b.Outer(_v, _w), _b.Transpose(_b.Outer(_w, _v)));          // (u vᵀ)ᵀ = v uᵀ
        Assert.Same(_b.MatTVec(_m, _w), _b.MatVec(_b.Transpose(_m), _w));       // (Mᵀ) u = Mᵀ u
        Assert.Same(_b.MatVec(_m, _v), _b.MatTVec(_b.Transpose(_m), _v));       // (Mᵀ)ᵀ v = M v
    }

    [Fact]
    public void Index_rules()
    {
        Assert.Same(_s, _b.Index(_b.Broadcast(_s, _v.Shape), 2));               // (s·1)ᵢ = s
        Assert.Same(C(4), _b.Index(_b.Constant(4, _v.Shape), 0));               // (c·1)ᵢ = c
        Assert.Same(_s, _b.Index(_b.Scatter(_s, 1, _v.Shape), 1));              // (eᵢ s)ᵢ = s
        Assert.Same(C(0), _b.Index(_b.Scatter(_s, 1, _v.Shape), 2));            // (eⱼ s)ᵢ = 0
        // (Mᵀ)[row 2, col 1] of the 3×2 transpose is M[1, 2] = flat 1·3 + 2 = 5.
        Assert.Same(_b.Index(_m, 5), _b.Index(_b.Transpose(_m), 2 * 2 + 1));
        // (w vᵀ)[1, 2] = w₁ v₂
        Assert.Same(_b.Mul(_b.Index(_w, 1), _b.Index(_v, 2)), _b.Index(_b.Outer(_w, _v), 1 * 3 + 2));
    }

    [Fact]
    public void Broadcast_to_a_scalar_is_the_identity() => Assert.Same(_s, _b.Broadcast(_s, Shape.Scalar));

    [Fact]
    public void Softmax_of_equal_entries_is_uniform() =>
        Assert.Same(_b.Constant(1.0 / 3, _v.Shape), _b.Softmax(_b.Broadcast(_s, _v.Shape)));

    [Fact]
    public void Rules_never_hide_a_shape_error()
    {
        Assert.Throws<ShapeException>(() => _b.Add(Zero(_v.Shape), _w));
        Assert.Throws<ShapeException>(() => _b.Mul(Zero(_v.Shape), _w));
        Assert.Throws<ShapeException>(() => _b.MatVec(Zero(_m.Shape), _w));
        Assert.Throws<ShapeException>(() => _b.Dot(Zero(_v.Shape), _w));
        Assert.Throws<ShapeException>(() => _b.Index(Zero(_v.Shape), 3));
    }
}
