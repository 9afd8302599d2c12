using System.Buffers.Binary;
using System.IO.Compression;

namespace FlowDsl.Data;

/// <summary>
/// Reads files in the IDX format of the MNIST database: a big-endian header (magic number <c>0x000008nn</c>, where
/// <c>0x08</c> = unsigned bytes and <c>nn</c> = number of dimensions, then one int32 per dimension) followed by the
/// unsigned bytes in row-major order. Files may be gzip-compressed (detected by the magic bytes <c>1F 8B</c>) or raw.
/// </summary>
/// <remarks>
/// Every problem (missing or truncated file, wrong magic number, bad dimensions, trailing bytes, corrupt gzip stream)
/// raises an exception whose message names the file and the problem.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned-byte images: 3 dimensions (count, rows, cols).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned-byte labels: 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file (magic <see cref="ImagesMagic"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid IDX images file; the message says why.</exception>
    public static IdxImageSet ReadImages(string path)
    {
        var (dims, body) = ReadTensor(path, ImagesMagic, "images");
        if (dims[1] <= 0 || dims[2] <= 0)
            throw new InvalidDataException($"IDX images file '{path}': image size {dims[1]}×{dims[2]} is not positive.");
        return new IdxImageSet(path, dims[0], dims[1], dims[2], body);
    }

    /// <summary>Reads a labels file (magic <see cref="LabelsMagic"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid IDX labels file; the message says why.</exception>
    public static byte[] ReadLabels(string path)
    {
        var (_, body) = ReadTensor(path, LabelsMagic, "labels");
        return body;
    }

    /// <summary>Reads the whole file, gunzipping it when it starts with the gzip magic bytes.</summary>
    internal static byte[] ReadContent(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var content = new MemoryStream();
            gzip.CopyTo(content);
            return content.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"IDX file '{path}': the gzip stream is corrupt or truncated ({e.Message}).", e);
        }
    }

    /// <summary>Parses and validates the header; returns the dimensions and the data bytes.</summary>
    private static (int[] Dims, byte[] Body) ReadTensor(string path, int expectedMagic, string kind)
    {
        var content = ReadContent(path);
        var rank = expectedMagic & 0xFF;
        var headerLength = 4 + 4 * rank;
        if (content.Length < 4)
            throw new InvalidDataException($"IDX {kind} file '{path}' is truncated: expected at least {headerLength} header bytes, got {content.Length}.");
        var magic = BinaryPrimitives.ReadInt32BigEndian(content);
        if (magic != expectedMagic)
            throw new InvalidDataException(
                $"IDX {kind} file '{path}' has the wrong magic number 0x{magic:X8}: expected 0x{expectedMagic:X8}{DescribeMagic(magic)}.");
        if (content.Length < headerLength)
            throw new InvalidDataException($"IDX {kind} file '{path}' is truncated: expected at least {headerLength} header bytes, got {content.Length}.");

        var dims = new int[rank];
        long count = 1;
        for (var k = 0; k < rank; k++)
        {
            dims[k] = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4 + 4 * k));
            if (dims[k] < 0)
                throw new InvalidDataException($"IDX {kind} file '{path}': dimension {k} is negative ({dims[k]}).");
            count *= dims[k];
        }
        var expected = headerLength + count;
        if (content.Length < expected)
            throw new InvalidDataException(
                $"IDX {kind} file '{path}' is truncated: expected {expected} bytes for dimensions [{string.Join(", ", dims)}], got {content.Length}.");
        if (content.Length > expected)
            throw new InvalidDataException(
                $"IDX {kind} file '{path}' has {content.Length - expected} trailing bytes: expected {expected} bytes for dimensions [{string.Join(", ", dims)}], got {content.Length}.");
        return (dims, content.AsSpan(headerLength).ToArray());
    }

    private static string DescribeMagic(int magic) => magic switch
    {
        ImagesMagic => " (this is an IDX images file)",
        LabelsMagic => " (this is an IDX labels file)",
        _ when (magic >> 16) == 0 && ((magic >> 8) & 0xFF) is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E =>
            $" (this is an IDX file of element type 0x{(magic >> 8) & 0xFF:X2} with {magic & 0xFF} dimensions; only unsigned bytes are supported)",
        _ => " (not an IDX file)",
    };
}
