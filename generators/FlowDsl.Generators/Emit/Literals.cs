using System.Globalization;

namespace FlowDsl.Generators.Emit;

/// <summary>C# literals, culture-invariant and round-trip exact.</summary>
internal static class Literals
{
    /// <summary>A <c>double</c> literal with the <c>d</c> suffix ("R" round-trip format, invariant culture).</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return value < 0 ? "(" + text + "d)" : text + "d";
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A C# string literal.</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Text that is safe inside an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
