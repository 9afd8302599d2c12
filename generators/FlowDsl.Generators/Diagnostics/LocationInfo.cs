using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlowDsl.Generators.Diagnostics;

/// <summary>
/// A source location as plain values (file, span, line span), so a diagnostic can sit in a cached pipeline model
/// without keeping a syntax tree alive.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
