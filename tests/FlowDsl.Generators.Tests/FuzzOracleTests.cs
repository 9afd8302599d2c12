using System.Reflection;
using FlowDsl.Generators.Tests.Fuzzing;
using FlowDsl.Generators.Tests.Infrastructure;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// The long fuzz run (#13) reported five "wrong gradients": three models with 18–20 nested <c>Tanh(0.5 + …)</c> and one
/// with <c>Ridge = 1e300</c>. The generated gradients are right (checked here against the chain rule and the closed form,
/// written independently in the test); the finite-difference oracle was wrong: its differences cancelled to exactly 0
/// (f' ≈ 10⁻¹⁴ beside f ≈ 1, or an O(1) θ-term beside a 10³⁰⁰ ridge), and 0 at h "converged" with 0 at h/4. The
/// oracle now bounds the rounding error of each difference quotient and calls such points unverifiable; it still
/// catches a gradient that is off by 0.1 %.
/// </summary>
public sealed class FuzzOracleTests
{
    private static readonly double[] Scales = [1.0, 0.5, 2.0, 0.25]; // the fuzzer's four points

    [Fact]
    public void Twenty_nested_tanh_have_the_chain_rule_gradient_and_the_oracle_does_not_call_it_wrong()
    {
        const int depth = 20;
        var body = string.Concat(Enumerable.Repeat("Tanh(0.5 + ", depth)) + "0.5 * SquaredNorm(x - θ)" + new string(')', depth);
        using var compiled = Compile("NestedTanh", $"[Risk] public static double R([Dim(3)] Vec x, [Data, Dim(3)] Vec θ) => {body};");
        var model = compiled.Type("Fuzz.NestedTanh");
        var random = new System.Random(13);
        foreach (var scale in Scales)
        {
            var (x, θ) = (Vector(random, 3, scale), Vector(random, 3, scale));
            // y₀ = ½|x − θ|², y_k = tanh(0.5 + y_{k−1}), R = y_n: ∇R = Π_k (1 − y_k²) · (x − θ).
            var y = 0.5 * x.Select((xi, i) => (xi - θ[i]) * (xi - θ[i])).Sum();
            var chain = 1.0;
            for (var k = 0; k < depth; k++)
            {
                y = Math.Tanh(0.5 + y);
                chain *= 1 - y * y;
            }
            var gradient = Gradient(model, x, θ);
            for (var i = 0; i < 3; i++)
            {
                var expected = chain * (x[i] - θ[i]);
                Assert.True(Math.Abs(gradient[i] - expected) <= 1e-12 * Math.Abs(expected), $"∂R/∂x{i} = {gradient[i]:R}, chain rule {expected:R}");
            }
        }
        AssertNeverDisagrees(model);
    }

    [Fact]
    public void A_1e300_ridge_has_the_closed_form_gradient_and_the_oracle_does_not_call_it_wrong()
    {
        using var compiled = Compile("HugeRidge", """
            public const double Ridge = 1e300;
            [Risk] public static double R([Dim(2)] Vec w, double c, [Data, Dim(2)] Vec a, [Data] double b) =>
                Softplus(-b * (Dot(w, a) + c)) + 0.5 * Ridge * (SquaredNorm(w) + c * c);
            """);
        var model = compiled.Type("Fuzz.HugeRidge");
        var random = new System.Random(17);
        foreach (var scale in Scales)
        {
            var (x, θ) = (Vector(random, 3, scale), Vector(random, 3, scale));
            // ∇_w R = −b σ(−b(w·a + c)) a + λw, ∂_c R = −b σ(−b(w·a + c)) + λc; (∂_θ∇R)·u: only the Softplus term depends on θ.
            var (w0, w1, c, a0, a1, b) = (x[0], x[1], x[2], θ[0], θ[1], θ[2]);
            var z = -b * (w0 * a0 + w1 * a1 + c);
            var σ = 1 / (1 + Math.Exp(-z));
            double[] expected = [-b * σ * a0 + 1e300 * w0, -b * σ * a1 + 1e300 * w1, -b * σ + 1e300 * c];
            var gradient = Gradient(model, x, θ);
            for (var i = 0; i < 3; i++)
                Assert.True(Math.Abs(gradient[i] - expected[i]) <= 1e-13 * Math.Abs(expected[i]), $"∂R/∂x{i} = {gradient[i]:R}, closed form {expected[i]:R}");

            // The data-Jacobian product has no ridge term: it is O(1), which differences of the 10³⁰⁰ gradient cannot see.
            var u = Vector(random, 3, 1);
            var djp = new double[3];
            model.GetMethod("DataJacobianProduct")!.CreateDelegate<Djp>()(x, θ, u, djp);
            var σ1 = σ * (1 - σ); // σ'(z)
            var dz = -(u[2] * (w0 * a0 + w1 * a1 + c) + b * (w0 * u[0] + w1 * u[1])); // dz along u
            double[] expectedDjp = [-u[2] * σ * a0 - b * σ1 * dz * a0 - b * σ * u[0], -u[2] * σ * a1 - b * σ1 * dz * a1 - b * σ * u[1], -u[2] * σ - b * σ1 * dz];
            for (var i = 0; i < 3; i++)
                Assert.True(Math.Abs(djp[i] - expectedDjp[i]) <= 1e-12 * Math.Max(1, Math.Abs(expectedDjp[i])), $"(∂_θ∇R·u){i} = {djp[i]:R}, closed form {expectedDjp[i]:R}");
        }
        AssertNeverDisagrees(model);
    }

    [Fact]
    public void The_oracle_still_catches_a_gradient_off_by_a_tenth_of_a_percent()
    {
        var random = new System.Random(19);
        var verdicts = Scales.Select(scale => FuzzOracle.CheckRisk<SlightlyWrongGradient>(random, scale)).ToList();
        Assert.All(verdicts, v => Assert.Equal(PointVerdict.Disagrees, v));
        Assert.All(Scales.Select(scale => FuzzOracle.CheckRisk<RightGradient>(random, scale)), v => Assert.Equal(PointVerdict.Agrees, v));
    }

    private delegate void Djp(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result);

    private static void AssertNeverDisagrees(Type model)
    {
        var check = typeof(FuzzOracle).GetMethod(nameof(FuzzOracle.CheckRisk))!.MakeGenericMethod(model);
        var random = new System.Random(model.Name.Length); // like the fuzzer: one random stream for the four points
        foreach (var scale in Scales)
            Assert.NotEqual(PointVerdict.Disagrees, (PointVerdict)check.Invoke(null, [random, scale])!);
    }

    private static CompiledModels Compile(string name, string members)
    {
        var run = GeneratorHarness.Run($$"""
            using FlowDsl;
            using static FlowDsl.Ops;
            namespace Fuzz;
            [FlowModel]
            public partial class {{name}}
            {
                {{members}}
            }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        return new CompiledModels(run);
    }

    private static double[] Gradient(Type model, double[] x, double[] θ)
    {
        var gradient = new double[x.Length];
        model.GetMethod("Gradient")!.CreateDelegate<GradientMethod>()(x, θ, gradient);
        return gradient;
    }

    private delegate double GradientMethod(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient);

    private static double[] Vector(System.Random random, int n, double scale) =>
        Enumerable.Range(0, n).Select(_ => scale * (2 * random.NextDouble() - 1)).ToArray();

    /// <summary>R(x,θ) = ½|x − θ|² + Σ sin xᵢ, written by hand, with the right derivatives.</summary>
    private class RightGradient : IRiskModel
    {
        protected const int D = 3;
        public static string Name => "right";
        public static ModelLayout Layout { get; } = new([new TensorBlock("x", 0, D, 1, BlockKind.Vector)], [new TensorBlock("θ", 0, D, 1, BlockKind.Vector)]);
        public static Law? DefaultLaw => null;
        public static GradientStructure Structure => new(-1, 1);
        public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ)
        {
            var r = 0.0;
            for (var i = 0; i < D; i++) r += 0.5 * (x[i] - θ[i]) * (x[i] - θ[i]) + Math.Sin(x[i]);
            return r;
        }
        public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Risk(x, θ);
        public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
        {
            for (var i = 0; i < D; i++) gradient[i] = x[i] - θ[i] + Math.Cos(x[i]);
            return Risk(x, θ);
        }
        public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result)
        {
            for (var i = 0; i < D; i++) result[i] = (1 - Math.Sin(x[i])) * v[i];
        }
        public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result)
        {
            for (var i = 0; i < D; i++) result[i] = -u[i];
        }
    }

    /// <summary>The same risk with ∂R/∂x₀ off by 0.1 %.</summary>
    private sealed class SlightlyWrongGradient : RightGradient, IRiskModel
    {
        public static new double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
        {
            var r = RightGradient.Gradient(x, θ, gradient);
            gradient[0] *= 1.001;
            return r;
        }
    }
}
