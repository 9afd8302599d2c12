using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FlowDsl.Study;

/// <summary>
/// The partial result of a weak-error study over the paths <see cref="Range"/> of <see cref="TotalPaths"/>
/// (<see cref="WeakErrorStudy{TModel}.RunPart"/>): the per-path values of every level, model and observable, with the
/// full configuration and the fingerprint of the code. <see cref="WeakErrorStudy{TModel}.Merge"/> concatenates parts in
/// path order into exactly the arrays one run computes, so every estimate, fit, bootstrap SE and verdict is the same bits.
/// </summary>
/// <remarks>
/// Per-path values, not sums, because the estimators are not additive: the control-variate coefficients are fitted on
/// all paths and the bootstrap resamples path indices. Storage: 8 bytes per value (base64 in JSON), about
/// (1 + models)·observables·levels values per path plus the h/2 check on its first quarter.
/// </remarks>
public sealed record StudyPart
{
    /// <summary>The file format written by this version.</summary>
    public const string CurrentFormat = "flowdsl-weak-error-part/2";

    /// <summary>The file format.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The code that computed the values (<see cref="StudyFingerprint.Code"/>); a merge needs the same.</summary>
    public required string Code { get; init; }

    /// <summary>Every setting that changes a number, by name (the thread count does not and is left out).</summary>
    public required IReadOnlyDictionary<string, string> Configuration { get; init; }

    /// <summary>SHA-256 of <see cref="Configuration"/>, for a quick look at which parts belong together.</summary>
    public required string ConfigurationHash { get; init; }

    /// <summary>The paths of the whole study.</summary>
    public required int TotalPaths { get; init; }

    /// <summary>The paths this part computed.</summary>
    public required PathRange Range { get; init; }

    /// <summary>How each continuous model's noise was realised.</summary>
    public required IReadOnlyDictionary<string, string> Noise { get; init; }

    /// <summary>Wall-clock seconds of this part.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Per α-level, largest α first.</summary>
    public required IReadOnlyList<PartLevel> Levels { get; init; }

    /// <summary>Where the part was read from (for messages; not stored).</summary>
    [JsonIgnore] public string Source { get; init; } = "part";

    /// <summary>Indented JSON; doubles as base64 of their IEEE bits, so a round trip is exact.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The JSON as a node, to embed in a larger file.</summary>
    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, Json)!;

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a part written by <see cref="Write"/>; a damaged or foreign file gives a <see cref="StudyPartException"/> naming it.</summary>
    public static StudyPart Read(string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StudyPartException($"{path}: cannot be read: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new StudyPartException($"{path}: not JSON (a truncated or damaged file?): {e.Message.Split('\n')[0]}");
        }
        return FromJson(node ?? throw new StudyPartException($"{path}: empty file"), path);
    }

    /// <summary>A part from its JSON node; <paramref name="source"/> names it in messages.</summary>
    public static StudyPart FromJson(JsonNode node, string source)
    {
        try
        {
            if (node["format"]?.GetValue<string>() is var format && format != CurrentFormat)
                throw new StudyPartException($"{source}: not a weak-error study part of format {CurrentFormat} (format: {format ?? "none"}).");
            return (node.Deserialize<StudyPart>(Json) ?? throw new StudyPartException($"{source}: empty part")) with { Source = source };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new StudyPartException($"{source}: not a readable study part: {e.Message.Split('\n')[0]}");
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new Base64Doubles() },
    };

    /// <summary>double[] as base64 of little-endian IEEE-754 bits: exact (NaN included) and a third of the decimal size.</summary>
    private sealed class Base64Doubles : JsonConverter<double[]>
    {
        public override double[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var bytes = reader.GetBytesFromBase64();
            if (bytes.Length % 8 != 0) throw new JsonException($"a double array of {bytes.Length} bytes (not a multiple of 8)");
            var values = new double[bytes.Length / 8];
            for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 * i));
            return values;
        }

        public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
        {
            var bytes = new byte[8 * value.Length];
            for (var i = 0; i < value.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), value[i]);
            writer.WriteBase64StringValue(bytes);
        }
    }
}

/// <summary>The per-path values of one α-level of a <see cref="StudyPart"/> (indices as in a single run).</summary>
/// <param name="Sgd">f(SGD) per observable and path, or null when SGD was not simulated.</param>
/// <param name="SgdExactValue">Exact E f(SGD) per observable (NaN where unknown).</param>
/// <param name="SgdExact">Whether E f(SGD) is exact, per observable.</param>
/// <param name="Model">f(model) per simulated model, observable and path.</param>
/// <param name="ModelHalf">f(model) at h/2 per compared model, observable and path of the solver check in this range, or null.</param>
/// <param name="SgdControl">SGD's surrogate controls per control and path, or null.</param>
/// <param name="ModelControl">Each simulated model's surrogate controls per control and path, or null.</param>
public sealed record PartLevel(double[][]? Sgd, double[] SgdExactValue, bool[] SgdExact, double[][][] Model, double[][][]? ModelHalf,
    double[][]? SgdControl, double[][]?[] ModelControl);
