using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlowDsl.Study;

namespace FlowDsl.Study;

/// <summary>Renders a <see cref="WeakErrorResult"/> as indented JSON; non-finite numbers are written as the strings "NaN"/"Infinity".</summary>
internal static class StudyJsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(WeakErrorResult result) => JsonSerializer.Serialize(result, Options);
}
