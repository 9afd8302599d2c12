using System.Security.Cryptography;
using System.Text;

namespace FlowDsl;

/// <summary>
/// Saves and loads a model's parameter vector x in a versioned, checked binary file, so a network trained once can be
/// used by another program (the MNIST sample's <c>train --save</c>, the handwriting demo).
/// </summary>
/// <remarks>
/// Layout, little-endian, version 1:
/// <code>
/// "FLOWDSLW"                      8 bytes, magic
/// version                         int32 (= 1)
/// model name                      length-prefixed UTF-8 (BinaryWriter string)
/// block count                     int32, then per parameter block: name (string), kind (byte), rows, cols (int32)
/// d                               int32, then x as d float64
/// SHA-256 of every byte above     32 bytes
/// </code>
/// A file is refused, with a one-line message naming it, when it is not such a file, has another version, is
/// truncated or altered (the checksum), or holds the weights of another model or of a different layout.
/// </remarks>
public static class ModelWeightsFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    private static readonly byte[] Magic = "FLOWDSLW"u8.ToArray();
    private const int ChecksumLength = 32;

    /// <summary>Writes the parameters <paramref name="x"/> of <typeparamref name="TModel"/> to <paramref name="path"/>.</summary>
    public static void Save<TModel>(string path, ReadOnlySpan<double> x) where TModel : IRiskModel =>
        Save(path, TModel.Name, TModel.Layout, x);

    /// <summary>Reads parameters saved for <typeparamref name="TModel"/> from <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a weights file of this version for this model and layout, or is damaged.</exception>
    public static double[] Load<TModel>(string path) where TModel : IRiskModel => Load(path, TModel.Name, TModel.Layout);

    /// <summary>Writes <paramref name="x"/> for the model <paramref name="modelName"/> with <paramref name="layout"/> (atomically: a temporary file is renamed).</summary>
    public static void Save(string path, string modelName, ModelLayout layout, ReadOnlySpan<double> x)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(layout);
        if (x.Length != layout.ParameterCount)
            throw new ArgumentException($"x has length {x.Length}, but {modelName} has {layout.ParameterCount} parameters.", nameof(x));
        var bad = FirstNonFinite(x);
        if (bad >= 0) throw new ArgumentException($"x[{bad}] is {x[bad]}: only finite parameters are saved.", nameof(x));

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(modelName);
            writer.Write(layout.Parameters.Count);
            foreach (var block in layout.Parameters)
            {
                writer.Write(block.Name);
                writer.Write((byte)block.Kind);
                writer.Write(block.Rows);
                writer.Write(block.Cols);
            }
            writer.Write(x.Length);
            foreach (var value in x) writer.Write(value);
        }
        var content = buffer.ToArray();
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(content);
            file.Write(SHA256.HashData(content));
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads parameters saved for the model <paramref name="modelName"/> with <paramref name="layout"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is refused; the message names the file and the reason.</exception>
    public static double[] Load(string path, string modelName, ModelLayout layout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(layout);
        if (!File.Exists(path)) throw new FileNotFoundException($"The weights file '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);

        if (bytes.Length < Magic.Length + sizeof(int) || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Refused(path, "not a FlowDsl weights file (no FLOWDSLW header)");
        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != Version)
            throw Refused(path, $"format version {version}; this build reads version {Version}");
        if (bytes.Length < Magic.Length + sizeof(int) + ChecksumLength)
            throw Refused(path, "truncated");
        var content = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(content.Length)))
            throw Refused(path, "damaged or truncated (checksum mismatch)");

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, content.Length), Encoding.UTF8);
        reader.BaseStream.Position = Magic.Length + sizeof(int);
        try
        {
            var savedName = reader.ReadString();
            if (savedName != modelName) throw Refused(path, $"holds weights of {savedName}, not {modelName}");
            var blocks = reader.ReadInt32();
            if (blocks != layout.Parameters.Count)
                throw Refused(path, $"{blocks} parameter blocks, {modelName} has {layout.Parameters.Count}");
            foreach (var expected in layout.Parameters)
            {
                var (name, kind, rows, cols) = (reader.ReadString(), (BlockKind)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt32());
                if (name != expected.Name || kind != expected.Kind || rows != expected.Rows || cols != expected.Cols)
                    throw Refused(path, $"block {name} is {kind} {rows}×{cols}, {modelName} expects {expected.Name}: {expected.Kind} {expected.Rows}×{expected.Cols}");
            }
            var d = reader.ReadInt32();
            if (d != layout.ParameterCount) throw Refused(path, $"{d} parameters, {modelName} has {layout.ParameterCount}");
            if (content.Length - reader.BaseStream.Position != (long)d * sizeof(double))
                throw Refused(path, $"{content.Length - reader.BaseStream.Position} bytes of values for {d} parameters");
            var x = new double[d];
            for (var i = 0; i < d; i++)
            {
                x[i] = reader.ReadDouble();
                if (!double.IsFinite(x[i])) throw Refused(path, $"parameter {i} is {x[i]}");
            }
            return x;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw Refused(path, "truncated header");
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<double> x)
    {
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return i;
        return -1;
    }

    private static InvalidDataException Refused(string path, string reason) => new($"Weights file '{path}' refused: {reason}.");
}
