using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Simplification;
using FlowDsl.Symbolic.Tests.Infrastructure;

namespace FlowDsl.Symbolic.Tests;

/// <summary>
/// The simplifying builder and the raw constructor build twins of the same random expression; the interpreter must
/// give the same value for both (up to rounding from reassociated constants), wherever the raw value is finite.
/// </summary>
public sealed class SimplificationPreservesValuesTests
{
    [Fact]
    public void Simplified_and_raw_twins_evaluate_equally()
    {
        int compared = 0, simplerCount = 0;
        for (int seed = 1; seed <= 400; seed++)
        {
            var simplified = new RandomExpressions(seed, simplify: true);
            var raw = new RandomExpressions(seed, simplify: false);
            var e = simplified.Scalar(6);
            var r = raw.Scalar(6);
            if (simplified.Builder.Count < raw.Builder.Count) simplerCount++;
            var point = simplified.RandomPoint();
            double rawValue = Interpreter.Evaluate(r, point.ValueOf)[0];
            if (double.IsNaN(rawValue) || double.IsInfinity(rawValue)) continue;
            double value = Interpreter.Evaluate(e, point.ValueOf)[0];
            Assert.True(Math.Abs(value - rawValue) <= 1e-12 * Math.Max(1, Math.Abs(rawValue)),
                $"seed {seed}: simplified {value:R} ≠ raw {rawValue:R}\n  simplified: {e}\n  raw: {r}");
            compared++;
        }
        Assert.True(compared > 350, $"only {compared} finite comparisons");
        Assert.True(simplerCount > 40, $"simplification shrank only {simplerCount} of 400 expressions"); // the rules did fire
    }

    [Fact]
    public void Simplifier_shrinks_raw_expressions_and_keeps_their_values()
    {
        int shrunk = 0;
        for (int seed = 1; seed <= 300; seed++)
        {
            var raw = new RandomExpressions(seed, simplify: false);
            var r = raw.Scalar(6);
            var s = Simplifier.Simplify(raw.Builder, r);
            // Operations, not constants: e + e → 2e trades an addition for a multiplication and adds the leaf 2.
            int rawSize = Operations(r), simplifiedSize = Operations(s);
            Assert.True(simplifiedSize <= rawSize, $"seed {seed}: {simplifiedSize} operations after simplification, {rawSize} before");
            if (simplifiedSize < rawSize) shrunk++;
            Assert.Same(s, Simplifier.Simplify(raw.Builder, s)); // a fixed point
            var point = raw.RandomPoint();
            double rawValue = Interpreter.Evaluate(r, point.ValueOf)[0];
            if (double.IsNaN(rawValue) || double.IsInfinity(rawValue)) continue;
            double value = Interpreter.Evaluate(s, point.ValueOf)[0];
            Assert.True(Math.Abs(value - rawValue) <= 1e-12 * Math.Max(1, Math.Abs(rawValue)), $"seed {seed}: {value:R} ≠ {rawValue:R}");
        }
        Assert.True(shrunk > 30, $"only {shrunk} of 300 raw expressions shrank");
    }

    private static int Operations(Expr e) => Traversal.PostOrder([e]).Count(n => !n.IsConstant);

    [Fact]
    public void Simplifier_applies_the_rules_to_a_raw_graph()
    {
        var b = new ExprBuilder();
        var x = b.Parameter(0, "x", Shape.Vector(3));
        // raw 0 · x + (2 · 3) · x simplifies to 6 · x
        var raw = b.Node(Op.Add, b.Node(Op.Mul, b.Constant(0), x), b.Node(Op.Mul, b.Node(Op.Mul, b.Constant(2), b.Constant(3)), x));
        Assert.Same(b.Mul(b.Constant(6), x), Simplifier.Simplify(b, raw));
    }
}
