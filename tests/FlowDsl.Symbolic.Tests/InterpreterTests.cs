using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests;

/// <summary>The reference semantics, against closed forms computed by hand.</summary>
public sealed class InterpreterTests
{
    private readonly ExprBuilder _b = new();
    private readonly Expr _m;
    private readonly Expr _u;
    private readonly Expr _v;
    private readonly Dictionary<Expr, double[]> _values;

    public InterpreterTests()
    {
        _m = _b.Parameter(0, "m", Shape.Matrix(2, 3));
        _u = _b.Parameter(1, "u", Shape.Vector(2));
        _v = _b.Parameter(2, "v", Shape.Vector(3));
        _values = new()
        {
            [_m] = [1, 2, 3, 4, 5, 6], // [[1 2 3] [4 5 6]]
            [_u] = [1, -1],
            [_v] = [1, 0, 2],
        };
    }

    private double[] Eval(Expr e) => Interpreter.Evaluate(e, leaf => _values[leaf]);

    [Fact]
    public void Linear_algebra_is_row_major()
    {
        Assert.Equal([7.0, 16.0], Eval(_b.MatVec(_m, _v)));                 // [1+0+6, 4+0+12]
        Assert.Equal([-3.0, -3.0, -3.0], Eval(_b.MatTVec(_m, _u)));          // [1−4, 2−5, 3−6]
        Assert.Equal([1.0, 0, 2, -1, 0, -2], Eval(_b.Outer(_u, _v)));
        Assert.Equal([1.0, 4, 2, 5, 3, 6], Eval(_b.Transpose(_m)));
        Assert.Equal([6.0], Eval(_b.Index(_m, 5)));
        Assert.Equal([0.0, 0, 0, 0, 7, 0], Eval(_b.Node(Op.Scatter, _b.Constant(7), index: 4, shape: _m.Shape)));
        Assert.Equal([5.0], Eval(_b.Dot(_v, _v)));
        Assert.Equal([21.0], Eval(_b.Sum(_m)));
    }

    [Fact]
    public void Scalars_broadcast_in_elementwise_operations()
    {
        var s = _b.Data(0, "s", Shape.Scalar);
        _values[s] = [2];
        Assert.Equal([3.0, 2, 4], Eval(_b.Add(s, _v)));
        Assert.Equal([0.5, 0, 1], Eval(_b.Div(_v, s)));
        Assert.Equal([1.0, 2, 0], Eval(_b.Sub(s, _v)));
    }

    [Fact]
    public void Piecewise_functions_are_zero_at_zero()
    {
        var z = _b.Node(Op.Step, _b.Constant(0));
        Assert.Equal([0.0], Eval(z));
        Assert.Equal([0.0], Eval(_b.Node(Op.Sign, _b.Constant(0))));
        Assert.Equal([0.0], Eval(_b.Node(Op.Relu, _b.Constant(0))));
        Assert.Equal([0.0, -1, 1], Eval(_b.Node(Op.Sign, _b.Sub(_v, _b.Constant(1))))); // v − 1 = [0, −1, 1]
    }

    [Fact]
    public void Softplus_and_sigmoid_are_stable()
    {
        Assert.Equal(800.0, Scalar.Softplus(800.0));                        // log(1 + e⁸⁰⁰) = 800 + log(1 + e⁻⁸⁰⁰)
        Assert.Equal(Math.Exp(-700.0), Scalar.Softplus(-700.0), 15);        // log(1 + e⁻⁷⁰⁰) ≈ e⁻⁷⁰⁰, not 0 by cancellation
        Assert.True(Math.Abs(Scalar.Softplus(-700.0) / Math.Exp(-700.0) - 1) < 1e-14);
        Assert.Equal(Math.Log(2), Scalar.Softplus(0), 15);
        Assert.Equal(1.0, Scalar.Sigmoid(800.0));
        Assert.True(Math.Abs(Scalar.Sigmoid(-700.0) / Math.Exp(-700.0) - 1) < 1e-14); // e⁻⁷⁰⁰/(1 + e⁻⁷⁰⁰)
        Assert.Equal(0.5, Scalar.Sigmoid(0));
    }

    [Fact]
    public void Log1P_is_accurate_for_tiny_arguments()
    {
        Assert.True(Math.Abs(Scalar.Log1P(1e-17) / 1e-17 - 1) < 1e-15);
        Assert.True(Math.Abs(Scalar.Log1P(1e-10) / (1e-10 - 0.5e-20) - 1) < 1e-15);
    }

    [Fact]
    public void LogSumExp_and_softmax_do_not_overflow()
    {
        var big = _b.Data(1, "big", Shape.Vector(2));
        _values[big] = [1000, 1000];
        Assert.Equal(1000 + Math.Log(2), Eval(_b.Node(Op.LogSumExp, big))[0], 10);
        Assert.Equal([0.5, 0.5], Eval(_b.Node(Op.Softmax, big)));
    }

    [Fact]
    public void A_leaf_value_of_the_wrong_length_is_an_error()
    {
        _values[_v] = [1, 2];
        var ex = Assert.Throws<ArgumentException>(() => Eval(_b.Sum(_v)));
        Assert.Contains("expected 3", ex.Message);
    }

    [Fact]
    public void Evaluation_plan_agrees_with_the_interpreter()
    {
        for (int seed = 1; seed <= 50; seed++)
        {
            var gen = new Infrastructure.RandomExpressions(seed);
            var outputs = new[] { gen.Scalar(6), gen.Generate(Shape.Matrix(2, 3), 5), gen.Generate(Shape.Vector(3), 5) };
            var point = gen.RandomPoint();
            var plan = new EvaluationPlan(outputs).Evaluate(point.ValueOf);
            var interpreter = new Interpreter(point.ValueOf);
            for (int i = 0; i < outputs.Length; i++) Assert.Equal(interpreter.Evaluate(outputs[i]), plan[i]);
        }
    }
}
