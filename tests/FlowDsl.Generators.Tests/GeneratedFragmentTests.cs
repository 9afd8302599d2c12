using System.Text.RegularExpressions;
using FlowDsl.Generators.Tests.Infrastructure;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// Fragment asserts beside the whole-file snapshots: the few facts of a generated file that the runtime, the README and
/// BENCHMARKS.md rely on — the contract it implements, its layout and structure, which steppers exist and what they cost,
/// formula comments, and citations that resolve in docs/math.md — each checked on its own, so that a snapshot diff that
/// changes one of them fails with a message that says which, and reformatting the file does not.
/// </summary>
public sealed partial class GeneratedFragmentTests
{
    private static string Generate(params string[] sources)
    {
        var run = GeneratorHarness.Run(sources).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        return Assert.Single(run.Sources).Value;
    }

    // One generator run (and compilation) per sample model for all the fragments below.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> Samples = new();

    private static string Sample(string model) =>
        Samples.GetOrAdd(model, m => new Lazy<string>(() => Generate(GeneratorHarness.SampleSource(m + ".cs")))).Value;

    /// <summary>The text of the member declared by <paramref name="declaration"/>, from its first brace to the matching one.</summary>
    private static string Member(string source, string declaration)
    {
        var start = source.IndexOf(declaration, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the generated file has no \"{declaration}\"");
        var open = source.IndexOf('{', start);
        var depth = 0;
        for (var i = open; i < source.Length; i++)
        {
            if (source[i] == '{') depth++;
            else if (source[i] == '}' && --depth == 0) return source[open..(i + 1)];
        }
        throw new InvalidOperationException($"unbalanced braces after \"{declaration}\"");
    }

    [Theory]
    [InlineData("Quadratic", "partial class Quadratic : global::FlowDsl.IRiskModel")]
    [InlineData("Multiplicative", "partial class Multiplicative : global::FlowDsl.IRiskModel")]
    [InlineData("MnistMlp", "partial class MnistMlp : global::FlowDsl.IRiskModel")]
    [InlineData("TeacherStudent", "partial class TeacherStudent : global::FlowDsl.IMeanFieldModel, global::FlowDsl.Simd.ILaneFeatureModel<TeacherStudent.FeatureLanes>")]
    public void The_class_implements_the_runtime_contract(string model, string declaration) =>
        Assert.Contains(declaration, Sample(model), StringComparison.Ordinal);

    [Theory]
    [InlineData("Quadratic", "x = [x(3)@0] (d = 3); θ = [θ(3)@0] (length 3)")]
    [InlineData("TeacherStudent", "x = [a@0, w(8)@1, b@9] (d = 10); θ = [θ(8)@0] (length 8)")]
    public void The_layout_is_described_block_by_block(string model, string layout) =>
        Assert.Contains($"The flat layout: {layout}.", Sample(model), StringComparison.Ordinal);

    [Theory]
    [InlineData("Quadratic", 1, 1)]
    [InlineData("Multiplicative", 1, 1)]
    [InlineData("LinearRegression", 1, 2)]
    [InlineData("MnistMlp", -1, -1)]
    public void The_gradient_structure_is_the_polynomial_degree_of_the_gradient(string model, int inX, int inTheta) =>
        Assert.Contains($"Structure => new global::FlowDsl.GradientStructure({inX}, {inTheta});", Sample(model), StringComparison.Ordinal);

    [Theory]
    [InlineData("Quadratic")]
    [InlineData("MnistMlp")]
    public void Risk_models_have_every_span_kernel_the_runtime_calls(string model)
    {
        var source = Sample(model);
        const string x = "global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> θ";
        Assert.Contains($"public static double Risk({x})", source, StringComparison.Ordinal);
        Assert.Contains($"public static double Gradient({x}, global::System.Span<double> gradient)", source, StringComparison.Ordinal);
        Assert.Contains($"public static void HessianVectorProduct({x}, global::System.ReadOnlySpan<double> v, global::System.Span<double> result)", source, StringComparison.Ordinal);
        Assert.Contains($"public static void DataJacobianProduct({x}, global::System.ReadOnlySpan<double> u, global::System.Span<double> result)", source, StringComparison.Ordinal);
        Assert.Contains($"public static double UserRisk({x})", source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_quadratic_sgd_step_is_one_fma_per_coordinate()
    {
        // README: "θ- and α-only parts are folded into per-step constants: ½|x − θ|² steps with one FMA per coordinate".
        var step = Member(Member(Sample("QuadraticLanes"), "struct SgdLaneStep "), "public static void Step<TOps, TVec>");
        Assert.Equal(3, Regex.Matches(step, @"TOps\.Fma\(").Count);
        Assert.DoesNotMatch(@"TOps\.(Add|Sub|Mul|Div|Neg)\(", step);
    }

    [Theory]
    [InlineData("QuadraticLanes", 3)]
    [InlineData("Multiplicative", 1)]
    [InlineData("LinearRegression", 5)]
    public void Factored_steppers_have_as_many_theta_factors_as_the_gradient_has(string model, int factors)
    {
        // ∇ₓR = c(x) + Σₖ gₖ(x)bₖ(θ) (math.md §3.4 b1): Quadratic x − θ (3), Multiplicative (1 + θ)x (1),
        // regression a(a·x) − ab with θ = (a₁, a₂, b): a₁², a₁a₂, a₂², a₁b, a₂b (5).
        var source = Sample(model);
        foreach (var stepper in new[] { "Smf1LaneStep", "Smf2LaneStep", "Sme1LaneStep", "Sme2LaneStep" })
            Assert.Contains($"public static int FactorCount => {factors};", Member(source, $"struct {stepper} "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gradient_that_does_not_separate_gets_no_factored_stepper_but_an_sgd_stepper()
    {
        // A model not in the repository: logistic loss, ∇ₓR = −y a σ(−y a·x) does not split into x-only and θ-only factors.
        var source = Generate("""
            using FlowDsl;
            using static FlowDsl.Ops;
            namespace Fresh;
            [FlowModel(LaneSteps = true)]
            public partial class Logistic
            {
                [Risk] public static double R([Dim(2)] Vec w, [Data, Dim(3)] Vec z) => Softplus(-z[2] * (z[0] * w[0] + z[1] * w[1]));
            }
            """);
        Assert.Contains("The flat layout: x = [w(2)@0] (d = 2); θ = [z(3)@0] (length 3).", source, StringComparison.Ordinal);
        Assert.Contains("Structure => new global::FlowDsl.GradientStructure(-1, -1);", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Smf2LaneStep", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Sme2LaneStep", source, StringComparison.Ordinal);
        Assert.Contains("public readonly struct SgdLaneStep : global::FlowDsl.Simd.ILaneStep", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Lane_steps_are_opt_in_so_a_one_line_model_reads_in_one_sitting()
    {
        // Issue #16.5: the lane steps were 85 % of a one-line model's 1,032 lines. Without LaneSteps = true there are none.
        var plain = Sample("Quadratic");
        Assert.DoesNotContain("LaneStep", plain, StringComparison.Ordinal);
        var lines = plain.Split('\n').Length;
        Assert.True(lines <= 400, $"Quadratic's generated file has {lines} lines");
        var opted = Sample("QuadraticLanes");
        foreach (var step in new[] { "SgdLaneStep", "SgdIndependentLaneStep", "Smf1LaneStep", "Smf2LaneStep", "Sme1LaneStep", "Sme2LaneStep" })
            Assert.Contains($"public readonly struct {step} ", opted, StringComparison.Ordinal);
    }

    [Fact]
    public void Span_checks_are_the_runtime_s_not_a_copy_per_file()
    {
        // Issue #16.4: every kernel calls FlowDsl.SpanChecks; no generated file carries its own checks class.
        var source = Sample("Quadratic");
        Assert.DoesNotContain("class FlowDslChecks", source, StringComparison.Ordinal);
        Assert.Contains("global::FlowDsl.SpanChecks.Length(x, 3, \"x\");", source, StringComparison.Ordinal);
        Assert.Contains("global::FlowDsl.SpanChecks.Output(gradient, 3, \"gradient\", x, θ);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_models_get_no_lane_steppers()
    {
        // Lane steppers hold a particle's coordinates in registers: only for d ≤ 16 (MnistMlp has d = 13,002).
        Assert.DoesNotContain("LaneStep", Sample("MnistMlp"), StringComparison.Ordinal);
    }

    [Fact]
    public void Small_risk_models_get_node_lanes_for_their_mean_quantities()
    {
        // Without opting in: the means of any small risk model are sums over nodes/atoms, run on these lanes (x shared, θ per lane).
        var source = Sample("Quadratic");
        Assert.Contains("global::FlowDsl.Simd.ILaneNodeModel<Quadratic.NodeLanes>", source, StringComparison.Ordinal);
        var lanes = Member(source, "struct NodeLanes ");
        Assert.Contains("Gradient<TOps, TVec>(global::System.ReadOnlySpan<double> x, in global::FlowDsl.Simd.LaneTile<TVec> θ, ref global::FlowDsl.Simd.LaneTile<TVec> gradient)", lanes, StringComparison.Ordinal);
        Assert.Contains("HessianVectorProduct<TOps, TVec>(global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> v, in global::FlowDsl.Simd.LaneTile<TVec> θ", lanes, StringComparison.Ordinal);
        Assert.DoesNotContain("NodeLanes", Sample("MnistMlp"), StringComparison.Ordinal); // d = 13,002
    }

    [Fact]
    public void Mean_field_units_get_feature_lanes()
    {
        var lanes = Member(Sample("TeacherStudent"), "struct FeatureLanes ");
        foreach (var member in new[] { "Value<TOps, TVec>", "Gradient<TOps, TVec>", "HessianVectorProduct<TOps, TVec>" })
            Assert.Contains(member, lanes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Quadratic")]
    [InlineData("Multiplicative")]
    public void Every_span_kernel_temporary_of_a_small_model_carries_its_formula(string model)
    {
        // The emitter comments a temporary with its formula when the formula fits the comment budget; these models' all do.
        var temporaries = Regex.Matches(Sample(model), @"^\s*(?:double|global::System\.Span<double>) t\d+ = [^\n]*$", RegexOptions.Multiline);
        Assert.NotEmpty(temporaries);
        var bare = temporaries.Select(m => m.Value.Trim()).Where(line => !line.Contains(" // ", StringComparison.Ordinal)).ToList();
        Assert.True(bare.Count == 0, "temporaries without a formula comment:\n" + string.Join('\n', bare.Take(5)));
    }

    [Theory]
    [InlineData("MnistMlp")]
    [InlineData("TeacherStudent")]
    public void Formula_comments_on_code_are_whole_or_absent_never_cut(string model)
    {
        // A long formula is left out rather than printed with "…": a comment beside code never shows half a formula.
        var cut = Regex.Matches(Sample(model), @"^\s*[^/\s][^\n]*; // [^\n]*…[^\n]*$", RegexOptions.Multiline).Select(m => m.Value.Trim()).ToList();
        Assert.True(cut.Count == 0, "cut formula comments:\n" + string.Join('\n', cut.Take(5)));
        Assert.Contains(" // ", Sample(model), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QuadraticLanes")]
    [InlineData("Multiplicative")]
    [InlineData("LinearRegression")]
    public void Generated_citations_of_math_md_resolve(string model)
    {
        var math = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "math.md"));
        var citations = Regex.Matches(Sample(model), @"math\.md §(\d+(?:\.\d+)*)(?: ([a-z]\d?)\b)?");
        Assert.NotEmpty(citations);
        foreach (Match citation in citations)
        {
            var section = citation.Groups[1].Value;
            var heading = Regex.Match(math, $@"^#{{2,4}} {Regex.Escape(section)}[. ][^\n]*$", RegexOptions.Multiline);
            Assert.True(heading.Success, $"{model}: \"{citation.Value}\" cites a section docs/math.md does not have");
            if (citation.Groups[2].Success)
                Assert.Contains($"**({citation.Groups[2].Value})", math[heading.Index..], StringComparison.Ordinal);
        }
    }
}
