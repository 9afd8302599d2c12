using FlowDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// One test per diagnostic: the model source marks the expected span with [|…|]; the generator must report exactly
/// that diagnostic there (id, span, line and column), must not throw, and (for errors) must generate nothing.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using FlowDsl;\nusing static FlowDsl.Ops;\n";

    private static Diagnostic AssertSingle(string markup, string id, bool generatesOutput = false, IReadOnlyDictionary<string, string>? options = null)
    {
        var (source, span) = Markup.Parse(Usings + markup);
        var run = GeneratorHarness.RunWithOptions(options, source).AssertGeneratorDidNotThrow();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal("Model0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal(SourceText.From(source).Lines.GetLinePositionSpan(span), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(generatesOutput ? 1 : 0, run.Sources.Count);
        return diagnostic;
    }

    [Fact]
    public void FDSL0001_class_not_partial()
    {
        var d = AssertSingle("""
            [FlowModel] public class [|C|] { [Risk] public static double R(double x) => x * x; }
            """, "FDSL0001");
        Assert.Contains("'C' must be declared partial", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0001_containing_class_not_partial()
    {
        AssertSingle("""
            public class Outer { [FlowModel] public partial class [|C|] { [Risk] public static double R(double x) => x * x; } }
            """, "FDSL0001");
    }

    [Fact]
    public void FDSL0002_no_risk_method()
    {
        var d = AssertSingle("""
            [FlowModel] public partial class [|C|] { public static double R(double x) => x * x; }
            """, "FDSL0002");
        Assert.Contains("[Risk]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0002_mean_field_model_without_target()
    {
        var d = AssertSingle("""
            [MeanFieldModel] public partial class [|C|] { [FeatureMap] public static double Phi([Data] double t, double a) => a * t; }
            """, "FDSL0002");
        Assert.Contains("[Target]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0003_two_risk_methods()
    {
        AssertSingle("""
            [FlowModel] public partial class C
            {
                [Risk] public static double R(double x) => x * x;
                [Risk] public static double [|S|](double x) => x;
            }
            """, "FDSL0003");
    }

    [Theory]
    [InlineData("[Risk] public double [|R|](double x) => x * x;", "must be static")]
    [InlineData("[Risk] public static Vec [|R|]([Dim(2)] Vec x) => x;", "must return double")]
    [InlineData("[Risk] public static double [|R|]<T>(double x) => x * x;", "must not be generic")]
    public void FDSL0004_invalid_risk_method(string method, string problem)
    {
        var d = AssertSingle($"[FlowModel] public partial class C {{ {method} }}", "FDSL0004");
        Assert.Contains(problem, d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int [|n|]", "has type 'int'")]
    [InlineData("ref double [|x|]", "passed by value")]
    public void FDSL0005_unsupported_parameter(string parameter, string problem)
    {
        var d = AssertSingle($"[FlowModel] public partial class C {{ [Risk] public static double R({parameter}) => 1.0; }}", "FDSL0005");
        Assert.Contains(problem, d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Vec [|x|]", "needs [Dim(length)]")]
    [InlineData("[[|Dim(0)|]] Vec x", "non-positive dimension")]
    [InlineData("[[|Dim(2, 3)|]] Vec x", "exactly one dimension")]
    [InlineData("[[|Dim(4)|]] Mat x", "two dimensions")]
    [InlineData("[[|Dim(2)|]] double x", "takes no [Dim]")]
    [InlineData("[[|Dim(65536, 65536)|]] Mat x", "brings the parameters x to 4,294,967,296 entries, more than one array can hold (2,147,483,591)")]
    [InlineData("[[|Dim(int.MaxValue)|]] Vec x", "brings the parameters x to 2,147,483,647 entries")]
    [InlineData("[Dim(2)] Vec x, [Data, Dim(2000000000)] Vec a, [Data, [|Dim(200000000)|]] Vec b", "brings the data θ to 2,200,000,000 entries")]
    public void FDSL0006_invalid_dimension(string parameter, string problem)
    {
        var d = AssertSingle($"[FlowModel] public partial class C {{ [Risk] public static double R({parameter}) => 1.0; }}", "FDSL0006");
        Assert.Contains(problem, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0006_declared_sizes_that_fit_but_whose_kernel_temporaries_do_not()
    {
        // Found by the long fuzz run: three 2³⁰-entry temporaries once wrapped an int to a negative stackalloc (CS0247).
        var d = AssertSingle("[FlowModel] public partial class C { [Risk] public static double [|R|]([Dim(1 << 30)] Vec x) => Sum(Exp(x) * Sin(x)); }", "FDSL0006");
        Assert.Contains("The parameter 'x' (1,073,741,824 entries) makes a generated kernel of 'C' need 3,221,225,472 doubles of temporaries, more than one array can hold",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0007_target_with_a_non_data_parameter()
    {
        AssertSingle("""
            [MeanFieldModel] public partial class C
            {
                [FeatureMap] public static double Phi([Data] double t, double a) => a * t;
                [Target] public static double F([Data] double t, double [|a|]) => t;
            }
            """, "FDSL0007");
    }

    [Fact]
    public void FDSL0007_target_data_differs_from_the_feature_map()
    {
        AssertSingle("""
            [MeanFieldModel] public partial class C
            {
                [FeatureMap] public static double Phi([Data, Dim(3)] Vec t, double a) => a * Sum(t);
                [Target] public static double [|F|]([Data, Dim(2)] Vec t) => Sum(t);
            }
            """, "FDSL0007");
    }

    [Fact]
    public void FDSL0008_for_loop_is_reported_at_its_keyword_without_crashing()
    {
        var (source, span) = Markup.Parse(Usings + """
            [FlowModel] public partial class C
            {
                [Risk] public static double R([Dim(3)] Vec x)
                {
                    var s = 0.0;
                    [|for|] (var i = 0; i < 3; i++) s += x[i];
                    return s;
                }
            }
            """);
        var run = GeneratorHarness.Run(source).AssertGeneratorDidNotThrow();
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("FDSL0008", d.Id);
        Assert.Equal(span, d.Location.SourceSpan);
        var position = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((7, 8), (position.Line, position.Character)); // zero-based: line 8, column 9 in an editor
        Assert.Contains("'for'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("foreach", "foreach (var v in new double[] { 1.0 }) s += v;")]
    [InlineData("while", "while (s < 1) s += 1;")]
    [InlineData("do", "do { s += 1; } while (s < 1);")]
    public void FDSL0008_other_loops(string keyword, string loop)
    {
        var markup = $$"""
            [FlowModel] public partial class C
            {
                [Risk] public static double R(double x)
                {
                    var s = x;
                    {{loop.Replace(keyword, "[|" + keyword + "|]", StringComparison.Ordinal)}}
                    return s;
                }
            }
            """;
        AssertSingle(markup, "FDSL0008");
    }

    [Fact]
    public void FDSL0009_if_statement()
    {
        AssertSingle("""
            [FlowModel] public partial class C
            {
                [Risk] public static double R(double x)
                {
                    [|if|] (x > 0) return x;
                    return -x;
                }
            }
            """, "FDSL0009");
    }

    [Fact]
    public void FDSL0009_conditional_expression()
    {
        AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double R(double x) => 2 * ([|x > 0 ? x : -x|]); }
            """, "FDSL0009");
    }

    [Theory]
    [InlineData("[|y = y * 2|];")]
    [InlineData("[|y += 1|];")]
    [InlineData("[|y++|];")]
    public void FDSL0010_mutation(string statement)
    {
        AssertSingle($$"""
            [FlowModel] public partial class C
            {
                [Risk] public static double R(double x)
                {
                    var y = x;
                    {{statement}}
                    return y;
                }
            }
            """, "FDSL0010");
    }

    [Theory]
    [InlineData("[|Helper|](x)", "C.Helper")]
    [InlineData("[|System.Math.Max|](x, 1.0)", "Math.Max")]
    [InlineData("[|System.Math.Cosh|](x)", "Math.Cosh")]
    public void FDSL0011_unknown_method(string call, string name)
    {
        var d = AssertSingle($$"""
            [FlowModel] public partial class C
            {
                static double Helper(double z) => z;
                [Risk] public static double R(double x) => {{call}};
            }
            """, "FDSL0011");
        Assert.Contains($"'{name}' is not part of the model language; its functions are Exp, Log, Sqrt, Pow (constant exponent), Sin, Cos, Tanh",
            d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[|Scale|]")]
    [InlineData("[|Factor|]")]
    public void FDSL0012_non_constant_state(string member)
    {
        AssertSingle($$"""
            [FlowModel] public partial class C
            {
                static double Scale = 2.0;
                static double Factor => 3.0;
                [Risk] public static double R(double x) => {{member}} * x;
            }
            """, "FDSL0012");
    }

    [Fact]
    public void Constants_from_const_fields_of_other_classes_are_allowed()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static class K { public const int N = 3; public const double Half = 0.5; }
            [FlowModel] public partial class C { [Risk] public static double R([Dim(K.N)] Vec x) => K.Half * SquaredNorm(x) + (double)K.N + 2f; }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void FDSL0013_shape_mismatch()
    {
        var d = AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double R([Dim(3)] Vec x, [Data, Dim(4)] Vec t) => Sum([|x - t|]); }
            """, "FDSL0013");
        Assert.Contains("vector(3)", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0013_index_out_of_range()
    {
        AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double R([Dim(3)] Vec x) => [|x[3]|]; }
            """, "FDSL0013");
    }

    [Fact]
    public void FDSL0014_non_constant_exponent()
    {
        var d = AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double R(double x, [Data] double p) => Pow(x, [|p|]); }
            """, "FDSL0014");
        Assert.Contains("exponent", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0014_non_constant_index()
    {
        AssertSingle("""
            [FlowModel] public partial class C
            {
                [Risk] public static double R([Dim(3)] Vec x)
                {
                    var k = 1;
                    return x[[|k|]];
                }
            }
            """, "FDSL0014");
    }

    [Fact]
    public void FDSL0015_expression_over_the_node_budget()
    {
        var d = AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double [|R|]([Dim(3)] Vec x) => Exp(Sin(x[0]) * Cos(x[1]) * Tanh(x[2])); }
            """, "FDSL0015", options: new Dictionary<string, string> { ["build_property.FlowDslNodeBudget"] = "12" });
        Assert.Contains("12", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0015_the_budget_applies_to_the_lowered_model_itself()
    {
        // 20 distinct terms lower to more than 40 nodes: refused before any differentiation, at the method.
        var terms = string.Join(" + ", Enumerable.Range(1, 20).Select(k => $"{k}.5 * Sin(x * {k})"));
        var d = AssertSingle($"[FlowModel] public partial class C {{ [Risk] public static double [|R|](double x) => {terms}; }}",
            "FDSL0015", options: new Dictionary<string, string> { ["build_property.FlowDslNodeBudget"] = "40" });
        Assert.Matches(@"the model itself has \d+ distinct nodes, more than FlowDslNodeBudget = 40", d.GetMessage());
    }

    [Theory]
    [InlineData("Relu")]
    [InlineData("Abs")]
    public void FDSL0016_non_smooth_function_is_a_warning_and_still_generates(string function)
    {
        var d = AssertSingle($$"""
            [FlowModel] public partial class C { [Risk] public static double R(double x) => [|{{function}}|](x) + Square(x); }
            """, "FDSL0016", generatesOutput: true);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void FDSL0017_law_of_the_wrong_type()
    {
        var d = AssertSingle("""
            [FlowModel] public partial class C
            {
                [Risk] public static double R(double x) => x * x;
                [Law] public static double [|P|] => 1.0;
            }
            """, "FDSL0017");
        Assert.Contains("FlowDsl.Law", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0018_unsupported_construct()
    {
        AssertSingle("""
            [FlowModel] public partial class C { [Risk] public static double R([Dim(2)] Vec x) => Dot(x, [|new Vec(1.0, 2.0)|]); }
            """, "FDSL0018");
    }

    [Theory]
    [InlineData("[|A * B|]", "Mat * Mat: a matrix product is not supported; Vec has + − * / entrywise and with a double; Mat has Mat ± Mat, Mat * Vec")]
    [InlineData("[|A + 1.0|]", "Mat + double: no such operator")]
    [InlineData("[|v * A|]", "Vec * Mat: no such operator")]
    public void FDSL0018_operator_that_Vec_and_Mat_do_not_have(string product, string problem)
    {
        // The compiler reports CS0019 as well; the generator adds what the model language offers instead.
        var d = AssertSingle($$"""
            [FlowModel] public partial class C
            {
                [Risk] public static double R([Dim(2, 2)] Mat A, [Dim(2, 2)] Mat B, [Dim(2)] Vec v) => Sum(({{product}}) * v);
            }
            """, "FDSL0018");
        Assert.Contains(problem, d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("R0(double x) => [|double.NaN|] * x;", "'double.NaN' is NaN")]
    [InlineData("R0(double x) => [|0.0 / 0.0|] * x;", "'0.0 / 0.0' is NaN")]
    [InlineData("R0(double x) => Pow(x, [|double.NaN|]);", "'double.NaN' is NaN")]
    [InlineData("R0(double x) => [|double.PositiveInfinity|] * x;", "'double.PositiveInfinity' is +∞")]
    [InlineData("R0(double x) => [|1e308 * 1e308|] * -x;", "'1e308 * 1e308' is +∞")]
    [InlineData("R0(double x) => [|-1e308 * 1e308|] * x;", "is −∞")]
    [InlineData("R0(double x) => [|x / 0.0|];", "'x / 0.0' divides by the constant 0")]
    [InlineData("R0([Dim(3)] Vec x) => Sum([|x / 0.0|]);", "'x / 0.0' divides by the constant 0")]
    [InlineData("R0([Dim(3)] Vec x) => Sum([|x / (x[0] - x[0])|]);", "divides by the constant 0")]
    public void FDSL0021_non_finite_constant(string method, string problem)
    {
        var d = AssertSingle($"[FlowModel] public partial class C {{ [Risk] public static double {method} }}", "FDSL0021");
        Assert.Contains(problem + ": a model's constants must be finite numbers", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constants_that_overflow_only_at_run_time_still_give_code_that_compiles()
    {
        // Exp(1000) is +∞ when the code runs, not a C# constant: the generator keeps it (folding refuses ±∞), and
        // the lane steps, which fold θ- and α-only parts, must still print compilable literals.
        var run = GeneratorHarness.Run(Usings + """
            [FlowModel(LaneSteps = true)] public partial class C
            {
                [Risk] public static double R([Dim(2)] Vec x, [Data] double t) => Exp(1000.0) * Sum(x) * t - 1e200 * x[0] * (1e200 * t) + 1e200 * x[1] * (1e200 * t);
                [Law] public static Law P => Law.Rademacher();
            }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Contains("SgdLaneStep", run.Sources.Single().Value, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("record", "a record")]
    [InlineData("record class", "a record")]
    [InlineData("record struct", "a record struct")]
    [InlineData("struct", "a struct")]
    public void FDSL0019_records_and_structs_are_refused_not_ignored(string keyword, string kind)
    {
        var d = AssertSingle($$"""
            [FlowModel] public partial {{keyword}} [|R0|] { [Risk] public static double R(double x) => x * x; }
            """, "FDSL0019");
        Assert.Contains($"'R0' is {kind}: a model must be a partial class", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FlowModel", "Risk", "public static int [|Layout|] = 0;", "Layout")]
    [InlineData("FlowModel", "Risk", "public static string [|Name|] => \"x\";", "Name")]
    [InlineData("FlowModel", "Risk", "public static double [|Gradient|](double x) => x;", "Gradient")]
    [InlineData("FlowModel", "Risk", "public struct [|SgdLaneStep|] { }", "SgdLaneStep")]
    [InlineData("MeanFieldModel", "FeatureMap", "public static double [|UserTarget|] => 1.0;", "UserTarget")]
    public void FDSL0019_a_member_named_like_a_generated_one(string model, string method, string member, string name)
    {
        var target = model == "MeanFieldModel" ? "[Target] public static double F([Data] double t) => t;" : "";
        var d = AssertSingle($$"""
            [{{model}}] public partial class C
            {
                [{{method}}] public static double R(double x, [Data] double t) => x * x * t;
                {{target}}
                {{member}}
            }
            """, "FDSL0019");
        Assert.Contains($"'C' declares '{name}', a member the generator writes: rename it", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FDSL0019_file_local_model_class()
    {
        var d = AssertSingle("""
            [FlowModel] file partial class [|C|] { [Risk] public static double R(double x) => x * x; }
            """, "FDSL0019");
        Assert.Contains("'C' must not be file-local", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_square_of_a_square_57_times_does_not_exhaust_the_generators_memory()
    {
        // θ^(2^57) is one monomial whose factor list doubles with every Square: the lane writer stops expanding it
        // (it keeps the unexpanded form) instead of running out of memory (it did: FDSL0020, OutOfMemoryException).
        var body = string.Concat(Enumerable.Repeat("Square(", 57)) + "θ" + new string(')', 57);
        var run = GeneratorHarness.Run(Usings + $$"""
            [FlowModel(LaneSteps = true)] public partial class C
            {
                [Risk] public static double R(double x, [Data] double θ) => 0.5 * Square(x - {{body}});
                [Law] public static Law P => Law.Normal(dimension: 1);
            }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Contains("SgdLaneStep", run.Sources.Single().Value, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_model_method_may_itself_be_called_Risk_or_Target()
    {
        var run = GeneratorHarness.Run(Usings + """
            [MeanFieldModel] public partial class C
            {
                [FeatureMap] public static double Feature([Data] double t, double x) => Tanh(x * t);
                [Target] public static double Target([Data] double t) => t;
            }
            [FlowModel] public partial class D { [Risk] public static double Risk(double x, [Data] double t) => x * x * t; }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void FDSL0019_generic_model_class()
    {
        AssertSingle("""
            [FlowModel] public partial class [|C|]<T> { [Risk] public static double R(double x) => x * x; }
            """, "FDSL0019");
    }

    [Fact]
    public void Code_with_compile_errors_gets_no_generator_diagnostic_and_no_crash()
    {
        var run = GeneratorHarness.Run(Usings + """
            [FlowModel] public partial class C { [Risk] public static double R(double x) => x * Undefined; }
            """).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);
    }
}
