using FlowDsl.Symbolic.Analysis;
using FlowDsl.Symbolic.Differentiation;
using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Tests.Infrastructure;

namespace FlowDsl.Symbolic.Tests;

/// <summary>Degrees of known polynomials, and the claimed degree checked numerically on random polynomials.</summary>
public sealed class PolynomialDegreeTests
{
    private readonly ExprBuilder _b = new();
    private readonly Expr _x;      // parameter vector(3)
    private readonly Expr _a;      // data matrix(3×3)
    private readonly Expr _theta;  // data vector(3)

    public PolynomialDegreeTests()
    {
        _x = _b.Parameter(0, "x", Shape.Vector(3));
        _a = _b.Data(0, "A", Shape.Matrix(3, 3));
        _theta = _b.Data(1, "theta", Shape.Vector(3));
    }

    private int InX(Expr e) => PolynomialDegree.Of(e, leaf => leaf.Op == Op.Parameter);
    private int InTheta(Expr e) => PolynomialDegree.Of(e, leaf => leaf.Op == Op.Data);

    [Fact]
    public void Quadratic_form_and_its_gradient()
    {
        // R = ½ xᵀ A x − θ·x: degree 2 in x, 1 in θ; ∇ₓR = ½(A + Aᵀ)x − θ is affine in x and in θ.
        var r = _b.Sub(_b.Mul(_b.Constant(0.5), _b.Dot(_x, _b.MatVec(_a, _x))), _b.Dot(_theta, _x));
        Assert.Equal(2, InX(r));
        Assert.Equal(1, InTheta(r));
        var grad = ReverseMode.Gradient(_b, r, [_x])[0];
        Assert.Equal(1, InX(grad));
        Assert.Equal(1, InTheta(grad));
    }

    [Fact]
    public void Least_squares_gradient_is_affine_in_x_and_quadratic_in_the_data()
    {
        // R = ½ (θ·x − y)², ∇ₓR = (θ·x − y) θ: degree 1 in x, 2 in (θ, y).
        var y = _b.Data(2, "y", Shape.Scalar);
        var residual = _b.Sub(_b.Dot(_theta, _x), y);
        var r = _b.Mul(_b.Constant(0.5), _b.Unary(Op.Square, residual));
        var grad = ReverseMode.Gradient(_b, r, [_x])[0];
        Assert.Equal(1, InX(grad));
        Assert.Equal(2, InTheta(grad));
    }

    [Fact]
    public void Powers_products_and_quotients()
    {
        var s = _b.Sum(_x);
        Assert.Equal(3, InX(_b.PowConst(s, 3)));
        Assert.Equal(-1, InX(_b.PowConst(s, 0.5)));
        Assert.Equal(-1, InX(_b.PowConst(s, -1)));
        Assert.Equal(0, InX(_b.PowConst(_b.Sum(_theta), 0.5)));       // a constant in x
        Assert.Equal(2, InX(_b.Outer(_x, _x)));
        Assert.Equal(4, InX(_b.Unary(Op.Square, _b.Dot(_x, _x))));
        Assert.Equal(1, InX(_b.Div(_x, _b.Sum(_theta))));               // division by a constant in x
        Assert.Equal(-1, InX(_b.Div(_theta, s)));                       // division by a variable
        Assert.Equal(1, InX(_b.Index(_b.Transpose(_b.Outer(_x, _theta)), 4)));
    }

    [Fact]
    public void Functions_of_variables_are_not_polynomials()
    {
        Assert.Equal(-1, InX(_b.Unary(Op.Exp, _x)));
        Assert.Equal(-1, InX(_b.Unary(Op.Relu, _x)));
        Assert.Equal(-1, InX(_b.LogSumExp(_x)));
        Assert.Equal(-1, InX(_b.Add(_x, _b.Softmax(_x))));
        Assert.Equal(1, InX(_b.Mul(_b.Unary(Op.Exp, _theta), _x)));    // exp(θ) is a coefficient
        Assert.Equal(0, InX(_b.Constant(3)));
    }

    /// <summary>
    /// Independent check: along a random line x(t) = x₀ + t d, a polynomial of degree ≤ k has a vanishing
    /// (k+1)-th finite difference Σⱼ (−1)ʲ C(k+1, j) f(x₀ + j d). Random polynomials are built from the generator's
    /// linear/bilinear operations only.
    /// </summary>
    [Fact]
    public void Claimed_degree_is_confirmed_by_finite_differences()
    {
        int polynomials = 0;
        for (int seed = 1; polynomials < 200 && seed < 5000; seed++)
        {
            var gen = new RandomExpressions(seed);
            var e = gen.Scalar(5);
            int degree = PolynomialDegree.Of(e, gen.Parameters);
            if (degree < 1) continue;
            polynomials++;
            var point = gen.RandomPoint();
            double F(int j) => Interpreter.Evaluate(e, point.Moved(j * 0.5, point.Directions).ValueOf)[0];
            double difference = 0, magnitude = 0;
            for (int j = 0; j <= degree + 1; j++)
            {
                double term = Binomial(degree + 1, j) * F(j) * ((degree + 1 - j) % 2 == 0 ? 1 : -1);
                difference += term;
                magnitude += Math.Abs(term);
            }
            Assert.True(Math.Abs(difference) <= 1e-9 * Math.Max(magnitude, 1), $"seed {seed}: degree {degree} but the difference is {difference}: {e}");
        }
        Assert.True(polynomials >= 50, $"only {polynomials} random polynomials found");
    }

    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
