using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;
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
}
