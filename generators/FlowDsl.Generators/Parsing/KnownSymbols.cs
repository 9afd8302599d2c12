using Microsoft.CodeAnalysis;

namespace FlowDsl.Generators.Parsing;

/// <summary>The FlowDsl and BCL types the parser recognises, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    public KnownSymbols(Compilation compilation)
    {
        Vec = compilation.GetTypeByMetadataName("FlowDsl.Vec");
        Mat = compilation.GetTypeByMetadataName("FlowDsl.Mat");
        Ops = compilation.GetTypeByMetadataName("FlowDsl.Ops");
        Law = compilation.GetTypeByMetadataName("FlowDsl.Law");
        Math = compilation.GetTypeByMetadataName("System.Math");
        RiskAttribute = compilation.GetTypeByMetadataName("FlowDsl.RiskAttribute");
        FeatureMapAttribute = compilation.GetTypeByMetadataName("FlowDsl.FeatureMapAttribute");
        TargetAttribute = compilation.GetTypeByMetadataName("FlowDsl.TargetAttribute");
        DataAttribute = compilation.GetTypeByMetadataName("FlowDsl.DataAttribute");
        DimAttribute = compilation.GetTypeByMetadataName("FlowDsl.DimAttribute");
        LawAttribute = compilation.GetTypeByMetadataName("FlowDsl.LawAttribute");
    }

    public INamedTypeSymbol? Vec { get; }
    public INamedTypeSymbol? Mat { get; }
    public INamedTypeSymbol? Ops { get; }
    public INamedTypeSymbol? Law { get; }
    public INamedTypeSymbol? Math { get; }
    public INamedTypeSymbol? RiskAttribute { get; }
    public INamedTypeSymbol? FeatureMapAttribute { get; }
    public INamedTypeSymbol? TargetAttribute { get; }
    public INamedTypeSymbol? DataAttribute { get; }
    public INamedTypeSymbol? DimAttribute { get; }
    public INamedTypeSymbol? LawAttribute { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    public static bool Has(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        foreach (var a in symbol.GetAttributes())
            if (Is(a.AttributeClass, attribute)) return true;
        return false;
    }

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        foreach (var a in symbol.GetAttributes())
            if (Is(a.AttributeClass, attribute)) return a;
        return null;
    }
}
