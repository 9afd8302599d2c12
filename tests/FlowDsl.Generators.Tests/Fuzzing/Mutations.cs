using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowDsl.Generators.Tests.Fuzzing;

/// <summary>
/// The mutation operators of the generator fuzzer. Each takes a model source and a random source and returns a
/// mutated source, or null when it does not apply (no such node). They edit only inside the model types, so every
/// mutant keeps its own namespace and mutants can share one compilation.
/// </summary>
internal static class Mutations
{
    /// <summary>Every operator, by name (the names appear in the fuzz report).</summary>
    public static readonly (string Name, Func<string, System.Random, string?> Apply)[] All =
    [
        ("swap operator", SwapOperator),
        ("swap operands", SwapOperands),
        ("swap arguments", SwapArguments),
        ("swap parameter", SwapParameterReference),
        ("wrong dimension", WrongDimension),
        ("huge dimension", HugeDimension),
        ("C# expression", InsertExpressionConstruct),
        ("C# statement", InsertStatementConstruct),
        ("C# member", InsertMember),
        ("deep nesting", DeepNesting),
        ("long sum", LongSum),
        ("truncate", Truncate),
        ("non-finite constant", NonFiniteConstant),
        ("type kind", TypeKind),
        ("Mat * Mat", MatrixProduct),
        ("swap function", SwapFunction),
        ("change literal", ChangeLiteral),
        ("attributes", Attributes),
        ("index", Index),
        ("delete token", DeleteToken),
        ("duplicate token", DuplicateToken),
        ("signature", Signature),
    ];

    /// <summary>The most terms "long sum" writes (the long run raises it to 10,000).</summary>
    public static int MaxSumTerms { get; set; } = 200;

    /// <summary>The deepest nesting "deep nesting" writes (the long run raises it to 400).</summary>
    public static int MaxDepth { get; set; } = 60;

    // ---- operators and operands -------------------------------------------------------------

    private static string? SwapOperator(string source, System.Random random)
    {
        var binary = Pick<BinaryExpressionSyntax>(source, random);
        return binary is null ? null : Replace(source, binary.OperatorToken.Span, Pick(random, "+", "-", "*", "/", "%", "<", "&&", "??"));
    }

    private static string? SwapOperands(string source, System.Random random)
    {
        var binary = Pick<BinaryExpressionSyntax>(source, random);
        return binary is null ? null : Replace(source, binary.Span, $"{binary.Right} {binary.OperatorToken} {binary.Left}");
    }

    private static string? SwapArguments(string source, System.Random random)
    {
        var list = Pick<ArgumentListSyntax>(source, random, a => a.Arguments.Count > 0 && a.Parent is InvocationExpressionSyntax);
        if (list is null) return null;
        var args = list.Arguments.Select(a => a.ToString()).ToList();
        switch (random.Next(3))
        {
            case 0 when args.Count >= 2: (args[0], args[^1]) = (args[^1], args[0]); break;
            case 1: args.Add(args[random.Next(args.Count)]); break;
            default: args.RemoveAt(random.Next(args.Count)); break;
        }
        return Replace(source, list.Span, "(" + string.Join(", ", args) + ")");
    }

    private static string? SwapParameterReference(string source, System.Random random)
    {
        var root = Parse(source);
        var names = root.DescendantNodes().OfType<ParameterSyntax>().Select(p => p.Identifier.Text).Distinct().ToList();
        var reference = Pick<IdentifierNameSyntax>(source, random, i => names.Contains(i.Identifier.Text) && i.Parent is not ParameterSyntax);
        return reference is null || names.Count < 2 ? null : Replace(source, reference.Span, names[random.Next(names.Count)]);
    }

    private static string? SwapFunction(string source, System.Random random)
    {
        var call = Pick<InvocationExpressionSyntax>(source, random, c => c.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax);
        if (call is null) return null;
        var nameSpan = call.Expression is MemberAccessExpressionSyntax m ? m.Name.Span : call.Expression.Span;
        return Replace(source, nameSpan, Pick(random, "Exp", "Log", "Sqrt", "Sin", "Cos", "Tanh", "Sigmoid", "Softplus", "Relu", "Abs", "Square",
            "Sum", "Dot", "SquaredNorm", "LogSumExp", "Softmax", "Transpose", "Pow", "Cosh", "Max", "Atan2", "Helper", "ToString"));
    }

    private static string? ChangeLiteral(string source, System.Random random)
    {
        var literal = Pick<LiteralExpressionSyntax>(source, random, l => l.IsKind(SyntaxKind.NumericLiteralExpression));
        return literal is null ? null : Replace(source, literal.Span, Pick(random, "0", "0.0", "1", "-1", "2", "1e-300", "1e300", "3", "0.5", "1e10", "2f", "1m", "7L", "'a'", "\"s\"", "true", "null"));
    }

    private static string? Index(string source, System.Random random)
    {
        var access = Pick<ElementAccessExpressionSyntax>(source, random);
        if (access is null) return null;
        var arguments = access.ArgumentList.Arguments;
        var i = random.Next(arguments.Count);
        return Replace(source, arguments[i].Span, Pick(random, "-1", "0", "1", "2", "3", "100", "1 + 1", "int.MaxValue", "x", "^1", "1..2", "0, 0", "2.0"));
    }

    // ---- dimensions ------------------------------------------------------------------------

    private static string? WrongDimension(string source, System.Random random)
    {
        var dim = Pick<AttributeSyntax>(source, random, a => a.Name.ToString() == "Dim" && a.ArgumentList is { Arguments.Count: > 0 });
        if (dim is null) return null;
        var args = dim.ArgumentList!.Arguments.Select(a => a.ToString()).ToList();
        switch (random.Next(4))
        {
            case 0: args.Add(Pick(random, "2", "3", "1")); break;
            case 1 when args.Count > 1: args.RemoveAt(random.Next(args.Count)); break;
            case 2: args.Clear(); break;
            default: args[random.Next(args.Count)] = Pick(random, "0", "-1", "1", "2", "3", "4", "7", "16", "D + 1", "x", "2.5", "\"3\"", "N"); break;
        }
        return Replace(source, dim.ArgumentList.Span, "(" + string.Join(", ", args) + ")");
    }

    private static string? HugeDimension(string source, System.Random random)
    {
        var dim = Pick<AttributeSyntax>(source, random, a => a.Name.ToString() == "Dim" && a.ArgumentList is { Arguments.Count: > 0 });
        if (dim is null) return null;
        var args = dim.ArgumentList!.Arguments.Select(a => a.ToString()).ToList();
        args[random.Next(args.Count)] = Pick(random, "65536", "int.MaxValue", "100000", "1 << 20", "46341", "2147483591", "1 << 30");
        return Replace(source, dim.ArgumentList.Span, "(" + string.Join(", ", args) + ")");
    }

    // ---- C# outside the model language --------------------------------------------------------

    private static string? InsertExpressionConstruct(string source, System.Random random)
    {
        var e = PickBodyExpression(source, random);
        if (e is null) return null;
        var E = e.ToString();
        string[] templates =
        [
            $"({E} > 0 ? {E} : -{E})", $"((System.Func<double>)(() => {E}))()", $"checked({E})", $"unchecked({E})", $"({E} is double d0 ? d0 : 0)",
            $"({E} switch {{ _ => {E} }})", "new Vec(1.0, 2.0)", "default(double)", $"typeof(double).Name.Length * {E}", $"(int)({E})",
            $"(float)({E})", "System.Console.ReadLine()!.Length", $"nameof({E}).Length", "throw new System.Exception()", $"{E}++",
            $"({E}, {E}).Item1", $"System.Math.Max({E}, 1.0)", $"System.Math.Cosh({E})", $"Ops.Exp({E})", $"Helper({E})", "Scale", "this",
            $"(double)(object)({E})", $"{E}.ToString().Length", $"(dynamic)({E})", $"-(-({E}))", $"+{E}", $"(({E}))", $"System.Math.PI * {E}",
            $"double.Epsilon + {E}", $"({E} == {E} ? 1 : 0)", $"~{E}", $"!{E}", $"await {E}", $"sizeof(double) * {E}", $"ref {E}",
        ];
        return Replace(source, e.Span, Pick(random, templates));
    }

    private static string? InsertStatementConstruct(string source, System.Random random)
    {
        var method = Pick<MethodDeclarationSyntax>(source, random, m => m.ExpressionBody is not null || m.Body is not null);
        if (method is null) return null;
        var E = method.ExpressionBody?.Expression.ToString()
            ?? method.Body!.Statements.OfType<ReturnStatementSyntax>().LastOrDefault()?.Expression?.ToString() ?? "0.0";
        string[] bodies =
        [
            $"{{ for (int i = 0; i < 2; i++) {{ }} return {E}; }}", $"{{ if ({E} > 0) return {E}; return -({E}); }}",
            $"{{ var k = {E}; k += 1; return k; }}", $"{{ double s; s = {E}; return s; }}", $"{{ var f = 2.0; return f * ({E}); }}",
            $"{{ const double c = 0.5; return c * ({E}); }}", $"{{ var t = {E}; return t * t; }}", $"{{ return {E}; }}",
            $"{{ goto end; end: return {E}; }}", $"{{ try {{ return {E}; }} finally {{ }} }}", $"{{ lock (new object()) {{ }} return {E}; }}",
            $"{{ return {E}; return {E}; }}", $"{{ var (a, b) = ({E}, {E}); return a + b; }}", $"{{ static double L(double z) => z; return L({E}); }}",
            $"{{ {E}; return 0.0; }}", $"{{ var q = {E}; }}", $"{{ while (true) {{ }} }}", $"{{ switch (1) {{ default: return {E}; }} }}",
            $"{{ var v = new double[2]; return v[0] + {E}; }}", $"{{ foreach (var z in new[] {{ 1.0 }}) {{ }} return {E}; }}",
            $"{{ var w = 1.0; var w2 = w * w; return w2 * ({E}); }}", $"{{ throw new System.NotSupportedException(); }}", "{ }",
            $"{{ do {{ }} while (false); return {E}; }}", $"{{ double u = 1, u2 = 2; return u * u2 * ({E}); }}", $"{{ var n = 3; return n * ({E}); }}",
        ];
        var span = method.ExpressionBody is { } arrow
            ? TextSpan.FromBounds(arrow.Span.Start, method.SemicolonToken.Span.End)
            : method.Body!.Span;
        return Replace(source, span, Pick(random, bodies));
    }

    private static string? InsertMember(string source, System.Random random)
    {
        var type = Pick<TypeDeclarationSyntax>(source, random);
        if (type is null) return null;
        var member = Pick(random,
            "static double Scale = 2.0;", "static double Factor => 3.0;", "public const int N = 3;", "static double Helper(double z) => z;",
            "public double Instance(double x) => x;", "[Risk] public static double R2(double x) => x * x;", "[Law] public static Law Q => Law.Rademacher();",
            "[Law] public static double P2 => 1.0;", "public static double Gradient(double x) => x;", "public static int Layout = 0;",
            "public static string Name => \"x\";", "public partial class Inner { }", "[FlowModel] public partial class Nested { [Risk] public static double R(double x) => x * x; }",
            "[FlowModel] public class NotPartial { [Risk] public static double R(double x) => x; }", "public static void Risk() { }", "event System.Action? Changed;",
            "~Dummy() { }", "public static double UserRisk;");
        return Replace(source, new TextSpan(type.CloseBraceToken.SpanStart, 0), member + " ");
    }

    private static string? DeepNesting(string source, System.Random random)
    {
        var e = PickBodyExpression(source, random);
        if (e is null) return null;
        var depth = 10 + random.Next(MaxDepth - 9);
        var (open, close) = Pick(random, ("Sin(", ")"), ("(", ")"), ("-(", ")"), ("(1.0 * ", ")"), ("Tanh(0.5 + ", ")"), ("Square(", ")"));
        return Replace(source, e.Span, string.Concat(Enumerable.Repeat(open, depth)) + e + string.Concat(Enumerable.Repeat(close, depth)));
    }

    private static string? LongSum(string source, System.Random random)
    {
        var e = PickBodyExpression(source, random);
        if (e is null) return null;
        var terms = 10 + random.Next(MaxSumTerms);
        var text = string.Join(" + ", Enumerable.Range(1, terms).Select(k => random.Next(2) == 0 ? $"{k}.25 * ({e})" : $"Sin({k}.5 * ({e}))"));
        return Replace(source, e.Span, "(" + text + ")");
    }

    private static string? Truncate(string source, System.Random random)
    {
        var start = ModelStart(source);
        return start < 0 ? null : source.Substring(0, start + random.Next(source.Length - start));
    }

    private static string? NonFiniteConstant(string source, System.Random random)
    {
        var e = PickBodyExpression(source, random);
        if (e is null) return null;
        var E = e.ToString();
        return Replace(source, e.Span, Pick(random,
            "double.NaN", $"double.NaN * {E}", $"(0.0 / 0.0) * {E}", $"Pow({E}, double.NaN)", $"double.PositiveInfinity * {E}", $"{E} / 0.0",
            $"1e308 * 1e308 * {E}", $"Sum({E} / 0.0)", $"double.NegativeInfinity + {E}", $"{E} * double.MaxValue * 10", $"Pow({E}, double.PositiveInfinity)",
            $"{E} / ({E} - {E})", $"Exp(1000.0) * {E}", $"Log(0.0) + {E}", $"{E} * (1.0 / 0.0)", $"Sqrt(-1.0) * {E}", $"{E} / 1e-320"));
    }

    private static string? MatrixProduct(string source, System.Random random)
    {
        var root = Parse(source);
        var matrices = root.DescendantNodes().OfType<ParameterSyntax>().Where(p => p.Type?.ToString() == "Mat").Select(p => p.Identifier.Text).ToList();
        var vectors = root.DescendantNodes().OfType<ParameterSyntax>().Where(p => p.Type?.ToString() == "Vec").Select(p => p.Identifier.Text).ToList();
        var e = PickBodyExpression(source, random);
        if (e is null || matrices.Count + vectors.Count == 0) return null;
        var m = matrices.Count > 0 ? matrices[random.Next(matrices.Count)] : vectors[random.Next(vectors.Count)];
        var n = matrices.Count > 0 ? matrices[random.Next(matrices.Count)] : m;
        return Replace(source, e.Span, Pick(random, $"Sum({m} * {n})", $"SquaredNorm({m} * {n})", $"Sum({m} + 1.0)", $"Sum({m} * {m})", $"Sum(Transpose({m}) * {n})",
            $"Dot({m}, {n}) * ({e})", $"Sum({m} / {n})", $"Sum(1.0 / {m})", $"Sum({m} - 1.0)", $"{m}[0] * ({e})"));
    }

    // ---- declarations ------------------------------------------------------------------------

    private static string? TypeKind(string source, System.Random random)
    {
        var type = Pick<ClassDeclarationSyntax>(source, random);
        if (type is null) return null;
        var header = TextSpan.FromBounds(type.Modifiers.Count > 0 ? type.Modifiers.First().SpanStart : type.Keyword.SpanStart, type.Identifier.Span.End);
        var name = type.Identifier.Text;
        return Replace(source, header, Pick(random,
            $"public partial record {name}", $"public partial record class {name}", $"public partial record struct {name}", $"public partial struct {name}",
            $"public partial interface {name}", $"public static partial class {name}", $"public class {name}", $"public partial class {name}<T>",
            $"public abstract partial class {name}", $"public sealed partial class {name}", $"internal partial class {name}", $"file partial class {name}"));
    }

    private static string? Attributes(string source, System.Random random)
    {
        var attribute = Pick<AttributeSyntax>(source, random, a => a.Name.ToString() != "Dim");
        if (attribute is null) return null;
        return Replace(source, attribute.Name.Span, Pick(random, "Risk", "Data", "Law", "Target", "FeatureMap", "FlowModel", "MeanFieldModel", "Obsolete", "Dim"))
            is { } renamed && random.Next(3) > 0 ? renamed : Replace(source, attribute.Span, random.Next(2) == 0 ? "Obsolete" : $"{attribute}, {attribute}");
    }

    private static string? Signature(string source, System.Random random)
    {
        var method = Pick<MethodDeclarationSyntax>(source, random);
        if (method is null) return null;
        switch (random.Next(4))
        {
            case 0:
                var modifier = method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.StaticKeyword));
                return modifier == default ? null : Replace(source, modifier.Span, "");
            case 1:
                return Replace(source, method.ReturnType.Span, Pick(random, "float", "Vec", "int", "void", "double?", "object"));
            case 2:
                var parameter = method.ParameterList.Parameters.Count == 0 ? null : method.ParameterList.Parameters[random.Next(method.ParameterList.Parameters.Count)];
                return parameter?.Type is null ? null : Replace(source, parameter.Type.Span, Pick(random, "ref double", "in double", "int", "float", "double[]", "Vec", "Mat", "params double[]"));
            default:
                return Replace(source, method.ParameterList.Span, "()");
        }
    }

    // ---- raw token noise ----------------------------------------------------------------------

    private static string? DeleteToken(string source, System.Random random)
    {
        var token = PickToken(source, random);
        return token is { } t ? Replace(source, t.Span, "") : null;
    }

    private static string? DuplicateToken(string source, System.Random random)
    {
        var token = PickToken(source, random);
        return token is { } t ? Replace(source, t.Span, t + " " + t) : null;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static CompilationUnitSyntax Parse(string source) => (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, GeneratorTestsParseOptions).GetRoot();

    private static readonly CSharpParseOptions GeneratorTestsParseOptions = new(LanguageVersion.Latest);

    // The first character of the first type declaration: mutations never touch the usings and the namespace.
    private static int ModelStart(SyntaxNode root) =>
        root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault() is { } t ? t.FullSpan.Start : -1;

    private static int ModelStart(string source) => ModelStart(Parse(source));

    private static T? Pick<T>(string source, System.Random random, Func<T, bool>? where = null) where T : SyntaxNode
    {
        var root = Parse(source);
        var start = ModelStart(root);
        if (start < 0) return null;
        var candidates = root.DescendantNodes().OfType<T>().Where(n => n.SpanStart >= start && (where?.Invoke(n) ?? true)).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }

    // An expression inside a method body (not an attribute argument, not a declaration's type).
    private static ExpressionSyntax? PickBodyExpression(string source, System.Random random) =>
        Pick<ExpressionSyntax>(source, random, e =>
            e.Ancestors().Any(a => a is ArrowExpressionClauseSyntax or BlockSyntax)
            && e is not PredefinedTypeSyntax
            && !(e.Parent is InvocationExpressionSyntax call && call.Expression == e)
            && !(e.Parent is MemberAccessExpressionSyntax access && (access.Name == e || e is IdentifierNameSyntax)));

    private static SyntaxToken? PickToken(string source, System.Random random)
    {
        var root = Parse(source);
        var start = ModelStart(root);
        if (start < 0) return null;
        var tokens = root.DescendantTokens().Where(t => t.SpanStart >= start && !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        return tokens.Count == 0 ? null : tokens[random.Next(tokens.Count)];
    }

    private static string Replace(string source, TextSpan span, string text) => source.Substring(0, span.Start) + text + source.Substring(span.End);

    private static T Pick<T>(System.Random random, params T[] items) => items[random.Next(items.Length)];

}
