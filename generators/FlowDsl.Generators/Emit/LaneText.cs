namespace FlowDsl.Generators.Emit;

/// <summary>The fully qualified type names and attribute lines that every lane-kernel writer prints.</summary>
internal static class LaneText
{
    /// <summary>A tile of SIMD vectors, one per coordinate.</summary>
    public const string Tile = "global::FlowDsl.Simd.LaneTile<TVec>";

    /// <summary>The generic constraints of a width-generic lane method, on its own indented line.</summary>
    public const string Constraints = "    where TOps : global::FlowDsl.Simd.ISimdOps<TVec> where TVec : struct";

    /// <summary>Lane methods are inlined into the driver's loop.</summary>
    public const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>The identity members of a node- or feature-lane struct: the model's name, d and the data length.</summary>
    public static void WriteIdentity(SourceWriter w, string className, int dimension, int dataLength)
    {
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine($"public static string Name => {Literals.String(className)};");
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine($"public static int Dimension => {dimension};");
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine($"public static int DataLength => {dataLength};");
    }
}
