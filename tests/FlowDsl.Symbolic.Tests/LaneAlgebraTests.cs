using FlowDsl.Symbolic.Evaluation;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;
using FlowDsl.Symbolic.Tests.Infrastructure;

namespace FlowDsl.Symbolic.Tests;

/// <summary>
/// The lane algebra (FlowDsl.Symbolic.Lanes) the generator writes lane steps with: scalarisation of the vector IR,
/// scalar derivatives, expansion into x-only × θ-only monomials and their collection, noise factoring, substitution.
/// Every check is against an independent evaluation: the vector <see cref="Interpreter"/>, finite differences, or
/// <see cref="LaneEvaluator"/> of the unexpanded expression.
/// </summary>
public sealed class LaneAlgebraTests
{
    private const int Seeds = 200;

    [Fact]
    public void The_builder_shares_equal_nodes_and_rewrites_only_exactly()
    {
        var b = new LaneBuilder();
        var (x, y, θ) = (b.Coordinate(0), b.Coordinate(1), b.Data(0));
        Assert.Same(b.Add(x, θ), b.Add(θ, x));                   // + and · operands in id order: one node
        Assert.Same(b.Mul(x, y), b.Mul(y, x));
        Assert.Same(x, b.Add(x, b.Constant(0)));
        Assert.Same(x, b.Mul(b.Constant(1), x));
        Assert.Same(x, b.Neg(b.Neg(x)));
        Assert.Same(b.Constant(0), b.Mul(x, b.Constant(0)));
        Assert.Same(b.Constant(6), b.Mul(b.Constant(2), b.Constant(3)));
        Assert.Equal(LaneOp.Mul, b.Mul(b.Constant(1e300), b.Constant(1e300)).Op); // a fold to ∞ is left to run time
        Assert.True(x.Varies && !θ.Varies && !b.Symbol("α").Varies && b.Add(x, θ).Varies);
        Assert.True(θ.IsSharedLeaf && b.Symbol("α").IsSharedLeaf && !x.IsSharedLeaf);
        var budget = new LaneBuilder(nodeBudget: 3);
        budget.Coordinate(0);
        budget.Coordinate(1);
        budget.Coordinate(2);
        Assert.Throws<LaneBudgetException>(() => budget.Coordinate(3));
    }

    [Fact]
    public void Scalarised_random_expressions_evaluate_like_the_vector_interpreter()
    {
        var compared = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var random = new RandomExpressions(seed);
            var shape = RandomExpressions.Shapes[seed % RandomExpressions.Shapes.Length];
            var e = random.Generate(shape, 5);
            var b = new LaneBuilder();
            LaneExpr[] entries;
            try { entries = LaneEvaluator.Scalarizer(b).Entries(e); }
            catch (LaneBudgetException) { continue; } // LogSumExp and Softmax have no lane form
            var point = random.RandomPoint();
            var expected = Interpreter.Evaluate(e, point.ValueOf);
            Assert.Equal(expected.Length, entries.Length);
            for (var i = 0; i < entries.Length; i++)
            {
                var actual = LaneEvaluator.Evaluate(entries[i], LaneEvaluator.Leaves(point));
                if (!double.IsFinite(expected[i])) continue;
                Assert.True(FiniteDifferences.Close(expected[i], actual, 1e-12), $"seed {seed}, entry {i}: lanes {actual:R}, interpreter {expected[i]:R}\n{e}");
                compared++;
            }
        }
        Assert.True(compared > Seeds, $"only {compared} entries compared");
    }

    [Fact]
    public void Lane_derivatives_match_finite_differences()
    {
        var compared = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var random = new RandomExpressions(seed);
            var e = random.Scalar(4);
            var b = new LaneBuilder();
            LaneExpr value;
            try { value = LaneEvaluator.Scalarizer(b).Entries(e)[0]; }
            catch (LaneBudgetException) { continue; }
            var point = random.RandomPoint();
            var x = point.Parameters.SelectMany(p => p).ToArray();
            var j = seed % x.Length;
            var derivative = LaneEvaluator.Evaluate(new LaneDerivative(b, j).Of(value), LaneEvaluator.Leaves(point));
            var leaves = LaneEvaluator.Leaves(point);
            var (fd, error) = FiniteDifferences.Derivative(t => [LaneEvaluator.Evaluate(value, leaf => leaf.Op == LaneOp.Coordinate && leaf.Index == j ? x[j] + t : leaves(leaf))]);
            // Kinks and poles near the point make the differences disagree with themselves: nothing to compare there.
            if (!double.IsFinite(derivative) || !double.IsFinite(fd[0]) || error[0] > 1e-6 * FiniteDifferences.Scale(fd[0], 0)) continue;
            Assert.True(FiniteDifferences.Close(fd[0], derivative, 1e-6), $"seed {seed}, ∂/∂x{j}: lanes {derivative:R}, differences {fd[0]:R}\n{e}");
            compared++;
        }
        Assert.True(compared > Seeds / 2, $"only {compared} derivatives compared");
    }

    [Fact]
    public void Expanding_a_product_of_sums_merges_like_terms_and_cancels()
    {
        // (x₀ + θ₀)(x₀ − θ₀) = x₀² − θ₀²: the cross terms x₀θ₀ − θ₀x₀ cancel.
        var b = new LaneBuilder();
        var (x, θ) = (b.Coordinate(0), b.Data(0));
        var expansion = new Expansion(b);
        var terms = expansion.Expand(b.Mul(b.Add(x, θ), b.Sub(x, θ)));
        Assert.Equal(2, terms.Count);
        var lane = Assert.Single(terms, t => t.LaneAtoms.Length > 0);
        Assert.Equal(1.0, lane.Coefficient);
        Assert.Equal([x.Id, x.Id], lane.LaneAtoms);
        Assert.Empty(lane.SharedAtoms);
        var shared = Assert.Single(terms, t => t.LaneAtoms.Length == 0);
        Assert.Equal(-1.0, shared.Coefficient);
        Assert.Equal([θ.Id, θ.Id], shared.SharedAtoms);
    }

    [Fact]
    public void Collected_expansions_keep_the_value_of_random_expressions()
    {
        var compared = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var random = new RandomExpressions(seed);
            var b = new LaneBuilder();
            LaneExpr value, collected;
            try
            {
                value = LaneEvaluator.Scalarizer(b).Entries(random.Scalar(4))[0];
                var expansion = new Expansion(b, termBudget: 256);
                collected = expansion.Collect(expansion.Expand(value));
            }
            catch (LaneBudgetException) { continue; }
            var point = random.RandomPoint();
            var (expected, actual) = (LaneEvaluator.Evaluate(value, LaneEvaluator.Leaves(point)), LaneEvaluator.Evaluate(collected, LaneEvaluator.Leaves(point)));
            if (!double.IsFinite(expected)) continue;
            Assert.True(FiniteDifferences.Close(expected, actual, 1e-10), $"seed {seed}: collected {actual:R}, as written {expected:R}");
            compared++;
        }
        Assert.True(compared > Seeds / 2, $"only {compared} expansions compared");
    }

    [Fact]
    public void The_gradient_of_the_quadratic_factors_into_one_theta_factor_per_coordinate()
    {
        // ∇ₓ ½|x − θ|² = x − θ = c(x) + Σₖ gₖ(x)bₖ(θ) with c = x, gₖ = −eₖ, bₖ = θₖ (math.md §3.4 b1).
        var b = new LaneBuilder();
        var gradient = Enumerable.Range(0, 3).Select(i => b.Sub(b.Coordinate(i), b.Data(i))).ToArray();
        var factors = NoiseFactors.TryFactor(b, gradient)!;
        Assert.Equal(3, factors.Count);
        Assert.Equal(1, factors.Degree);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => b.Data(i)), factors.DataFactors);
        for (var i = 0; i < 3; i++)
            for (var k = 0; k < 3; k++)
                Assert.Same(b.Constant(i == k ? -1 : 0), factors.Loadings[i][k]);
    }

    [Fact]
    public void Noise_factors_of_random_gradients_rebuild_the_gradient()
    {
        // ∇R = c(x) + Σₖ gₖ(x)bₖ(θ) and ḡ = c(x) + Σₖ gₖ(x)βₖ: at βₖ = bₖ(θ) the mean is the gradient again, and for
        // any β the difference ḡ − ∇R is the noise Σₖ gₖ(x)(βₖ − bₖ(θ)) written with the loadings.
        var factored = 0;
        var rng = new Random(7);
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var random = new RandomExpressions(seed);
            var b = new LaneBuilder();
            var risk = random.Scalar(3);
            LaneExpr[] gradient;
            try
            {
                var g = Differentiation.ReverseMode.Gradient(random.Builder, risk, [random.Parameters[1]])[0]; // the 2-vector block
                gradient = LaneEvaluator.Scalarizer(b).Entries(g);
            }
            catch (LaneBudgetException) { continue; }
            if (NoiseFactors.TryFactor(b, gradient) is not { } factors) continue;
            var leaves = LaneEvaluator.Leaves(random.RandomPoint());
            var dataFactors = factors.DataFactors.Select(f => LaneEvaluator.Evaluate(f, leaves)).ToArray();
            var β = dataFactors.Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            Func<LaneExpr, double> With(double[] values) => leaf => leaf.Op == LaneOp.Symbol
                ? values[int.Parse(leaf.Symbol!.Substring(2, leaf.Symbol.Length - 3), System.Globalization.CultureInfo.InvariantCulture)] // β[k]
                : leaves(leaf);
            for (var i = 0; i < gradient.Length; i++)
            {
                var expected = LaneEvaluator.Evaluate(gradient[i], leaves);
                if (!double.IsFinite(expected)) continue;
                var atData = LaneEvaluator.Evaluate(factors.Mean[i], With(dataFactors));
                Assert.True(FiniteDifferences.Close(expected, atData, 1e-10), $"seed {seed}, entry {i}: ḡ(x)|β=b(θ) = {atData:R}, ∇R = {expected:R}");
                var noise = Enumerable.Range(0, factors.Count).Sum(k => LaneEvaluator.Evaluate(factors.Loadings[i][k], leaves) * (β[k] - dataFactors[k]));
                var difference = LaneEvaluator.Evaluate(factors.Mean[i], With(β)) - expected;
                Assert.True(FiniteDifferences.Close(difference, noise, 1e-10), $"seed {seed}, entry {i}: ḡ − ∇R = {difference:R}, Σ gₖ(βₖ − bₖ) = {noise:R}");
            }
            factored++;
        }
        Assert.True(factored > 10, $"only {factored} gradients factored");
    }

    [Fact]
    public void A_function_of_x_times_theta_does_not_factor()
    {
        var b = new LaneBuilder();
        Assert.Null(NoiseFactors.TryFactor(b, [b.Function(LaneOp.Tanh, b.Mul(b.Coordinate(0), b.Data(0)))]));
    }

    [Fact]
    public void Substitution_replaces_coordinates_and_data_entries()
    {
        // e(x, θ) = tanh(x₀θ₀) + x₁/θ₁ at x := (x₁, 2x₀) and θ₀ := μ + ξ₀ (θ drawn per lane), θ₁ kept.
        var b = new LaneBuilder();
        var (x0, x1, θ0, θ1, μ, ξ) = (b.Coordinate(0), b.Coordinate(1), b.Data(0), b.Data(1), b.Symbol("μ"), b.LaneNormal(0));
        var e = b.Add(b.Function(LaneOp.Tanh, b.Mul(x0, θ0)), b.Div(x1, θ1));
        var substituted = new Substitution(b, [x1, b.Mul(b.Constant(2), x0)], leaf => leaf == θ0 ? b.Add(μ, ξ) : null).Of(e);
        var values = new Dictionary<LaneExpr, double> { [x0] = 0.3, [x1] = -0.7, [θ1] = 1.9, [μ] = 0.4, [ξ] = -1.1 };
        var expected = Math.Tanh(-0.7 * (0.4 - 1.1)) + 2 * 0.3 / 1.9;
        Assert.Equal(expected, LaneEvaluator.Evaluate(substituted, leaf => values[leaf]), 14);
        Assert.DoesNotContain(θ0, Leaves(substituted));
    }

    private static IEnumerable<LaneExpr> Leaves(LaneExpr e) =>
        e.Operands.Any() ? e.Operands.SelectMany(Leaves) : [e];
}
