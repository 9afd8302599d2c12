using System.Linq;
using System.Threading;
using FlowDsl.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowDsl.Generators.Parsing;

/// <summary>
/// An operator on Vec/Mat that C# cannot bind (Mat * Mat, Vec * Mat, Mat + double, …) is a compile error (CS0019);
/// the generator adds FDSL0018 there, saying which operators the model language has.
/// </summary>
internal static class TensorOperators
{
    public const string Supported =
        "Vec has + − * / entrywise and with a double; Mat has Mat ± Mat, Mat * Vec, Transpose(M) * v, and * or / by a double";

    /// <summary>The first binary operator on a Vec or Mat operand that does not bind, as an FDSL0018 diagnostic.</summary>
    public static DiagnosticInfo? FirstUnsupported(SemanticModel semanticModel, SyntaxNode body, KnownSymbols known, CancellationToken cancellation)
    {
        foreach (var binary in body.DescendantNodes().OfType<BinaryExpressionSyntax>())
        {
            var left = semanticModel.GetTypeInfo(binary.Left, cancellation).Type;
            var right = semanticModel.GetTypeInfo(binary.Right, cancellation).Type;
            if (left is null || right is null || left.TypeKind == TypeKind.Error || right.TypeKind == TypeKind.Error) continue;
            if (!IsTensor(left, known) && !IsTensor(right, known)) continue;
            if (semanticModel.GetSymbolInfo(binary, cancellation).Symbol is not null) continue;
            var problem = IsMat(left, known) && IsMat(right, known) && binary.OperatorToken.Text == "*" ? "a matrix product is not supported" : "no such operator";
            return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(binary), BodyLowering.Abbreviate(binary),
                $"{Name(left)} {binary.OperatorToken.Text} {Name(right)}: {problem}; {Supported}");
        }
        return null;
    }

    private static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static bool IsTensor(ITypeSymbol type, KnownSymbols known) => KnownSymbols.Is(type, known.Vec) || IsMat(type, known);
    private static bool IsMat(ITypeSymbol type, KnownSymbols known) => KnownSymbols.Is(type, known.Mat);
}
