using FlowDsl.Symbolic.Differentiation;
using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlowDsl.Symbolic.Tests;

/// <summary>
/// Gradients, Hessian-vector products (forward over reverse) and data-Jacobian products of ≥ 1000 random expressions
/// against fourth-order central finite differences of the interpreter, relative error ≤ 1e-6 on the scale
/// max(|fd|, |symbolic|, 1). Points where a kink (Relu/Abs/Step/Sign argument) lies within the stencil are redrawn.
/// </summary>
public sealed class DerivativeFuzzTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;
    // The oracle is trusted only where its own error estimate is well below the tolerance.
    private const double OracleTolerance = 1e-7;
    private const int Expressions = 1000;

    [Fact]
    public void Gradient_hvp_and_data_jacobian_match_finite_differences()
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        int checkedCount = 0, attempts = 0, inconclusive = 0;
        long totalNodes = 0;
        var opsSeen = new HashSet<Op>();
        var failures = new List<string>();
        for (int seed = 1; checkedCount < Expressions; seed++)
        {
            Assert.True(++attempts < 3 * Expressions, $"too many rejected expressions ({attempts} attempts for {checkedCount} checks)");
            var gen = new RandomExpressions(seed);
            var b = gen.Builder;
            var risk = gen.Scalar(depth: 6);
            var gradient = ReverseMode.Gradient(b, risk, gen.Parameters);
            if (gradient.All(g => g.IsZero)) continue; // R does not depend on x: nothing to check
            var hvp = Differentiator.HessianVectorProduct(b, gradient);
            var djp = Differentiator.DataJacobianProduct(b, gradient);
            var graph = new[] { risk }.Concat(gradient).Concat(hvp).Concat(djp).ToArray();

            var point = WellConditionedPoint(gen, graph);
            if (point is null) continue;
            foreach (var n in Traversal.PostOrder([risk])) opsSeen.Add(n.Op); // each op's reverse rule, and its tangent rule via the HVP
            totalNodes += b.Count;

            bool conclusive = CheckGradient(seed, risk, gen, gradient, point, failures);
            conclusive &= CheckDirectional(seed, "HVP", gradient, hvp, point, inData: false, failures);
            conclusive &= CheckDirectional(seed, "data-Jacobian", gradient, djp, point, inData: true, failures);
            if (conclusive) checkedCount++; else inconclusive++;
            if (failures.Count > 10) break;
        }

        output.WriteLine($"{checkedCount} expressions checked ({totalNodes / Math.Max(checkedCount, 1)} nodes each on average " +
            $"with gradient, HVP and data-Jacobian), {inconclusive} inconclusive, {attempts - checkedCount - inconclusive} skipped; " +
            $"CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inconclusive < Expressions / 10, $"{inconclusive} expressions had an unreliable finite-difference oracle");
        var missing = Enum.GetValues<Op>().Where(op => op != Op.Direction && !opsSeen.Contains(op)).ToArray();
        Assert.True(missing.Length == 0, "ops never in a checked risk: " + string.Join(", ", missing));
    }

    // Returns false if the finite-difference oracle was too inaccurate somewhere to judge (the point then does not count).
    private static bool CheckGradient(int seed, Expr risk, RandomExpressions gen, Expr[] gradient, Point point, List<string> failures)
    {
        bool conclusive = true;
        var symbolic = new EvaluationPlan(gradient).Evaluate(point.ValueOf);
        var riskPlan = new EvaluationPlan([risk]);
        var reachable = Reachable([risk]);
        for (int block = 0; block < gen.Parameters.Count; block++)
        {
            if (!reachable.Contains(gen.Parameters[block]))
            {
                // R does not mention x_block, so the derivative is exactly 0 and must be the zero constant.
                if (!gradient[block].IsZero) failures.Add($"seed {seed}: ∂R/∂x{block} should be the zero constant, got {gradient[block]}");
                continue;
            }
            for (int j = 0; j < RandomExpressions.Shapes[block].Length; j++)
            {
                var unit = point.Parameters.Select(p => new double[p.Length]).ToArray();
                unit[block][j] = 1.0;
                var (values, errors) = FiniteDifferences.Derivative(t => riskPlan.Evaluate(point.Moved(t, unit).ValueOf)[0]);
                conclusive &= Compare($"seed {seed}: ∂R/∂x{block}[{j}]", symbolic[block][j], values[0], errors[0], $"R = {risk}", failures);
            }
        }
        return conclusive;
    }

    // Records a failure if the symbolic value is off by more than the tolerance (beyond the oracle's own error).
    private static bool Compare(string what, double symbolic, double fd, double fdError, string context, List<string> failures)
    {
        double scale = FiniteDifferences.Scale(fd, symbolic);
        if (fdError > OracleTolerance * scale) return false;
        if (Math.Abs(fd - symbolic) > Tolerance * scale)
            failures.Add($"{what} = {symbolic:R}, finite difference {fd:R} (± {fdError:E1}); {context}");
        return true;
    }

    // product = d/dt gradient(point + t·direction), direction over parameters (HVP) or data (mixed product).
    private static bool CheckDirectional(int seed, string what, Expr[] gradient, Expr[] product, Point point, bool inData, List<string> failures)
    {
        var symbolic = new EvaluationPlan(product).Evaluate(point.ValueOf);
        var gradientPlan = new EvaluationPlan(gradient);
        bool conclusive = true;
        var (fd, errors) = FiniteDifferences.Derivative(t =>
            gradientPlan.Evaluate(point.Moved(t, point.Directions, inData).ValueOf).SelectMany(v => v).ToArray());
        int k = 0;
        for (int block = 0; block < symbolic.Length; block++)
        {
            for (int j = 0; j < symbolic[block].Length; j++, k++)
            {
                conclusive &= Compare($"seed {seed}: {what} block {block}[{j}]", symbolic[block][j], fd[k], errors[k], $"∇R = {gradient[block]}", failures);
            }
        }
        return conclusive;
    }

    // A random point where every kink argument is at least 0.05 away from 0 (far outside the ±2h·|slope| stencil)
    // and every value is moderate; null if none is found quickly.
    private static Point? WellConditionedPoint(RandomExpressions gen, IReadOnlyList<Expr> graph)
    {
        var nodes = Reachable(graph);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var point = gen.RandomPoint();
            var interpreter = new Interpreter(point.ValueOf);
            foreach (var o in graph) interpreter.Evaluate(o);
            bool ok = true;
            foreach (var n in nodes)
            {
                var v = interpreter.Evaluate(n);
                if (v.Any(x => double.IsNaN(x) || Math.Abs(x) > 1e4)) { ok = false; break; }
                if (n.Op is Op.Relu or Op.Abs or Op.Step or Op.Sign && interpreter.Evaluate(n.A!).Any(x => Math.Abs(x) < 0.05)) { ok = false; break; }
            }
            if (ok) return point;
        }
        return null;
    }

    private static HashSet<Expr> Reachable(IReadOnlyList<Expr> outputs) => [.. Traversal.PostOrder(outputs)];
}
