using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;

namespace FlowDsl.Tests.Data;

/// <summary>Writes small IDX files (valid or deliberately broken) into a private temp folder, deleted on dispose.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "flowdsl-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>The shipped MNIST subset (samples/FlowDsl.Mnist/data).</summary>
    public static string ShippedDataFolder
    {
        get
        {
            var root = typeof(IdxTestFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "RepositoryRoot").Value!;
            return Path.Combine(root, "samples", "FlowDsl.Mnist", "data");
        }
    }

    /// <summary>An IDX header (magic, then dims) followed by <paramref name="body"/>.</summary>
    public static byte[] Idx(int magic, int[] dims, byte[] body)
    {
        var bytes = new byte[4 + 4 * dims.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var k = 0; k < dims.Length; k++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * k), dims[k]);
        body.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary><paramref name="count"/> images of 2×3 pixels whose pixel k of image i is (40·i + k) mod 256.</summary>
    public static byte[] Images(int count) =>
        Idx(0x00000803, [count, 2, 3], Enumerable.Range(0, count * 6).Select(k => (byte)((40 * (k / 6) + k % 6) % 256)).ToArray());

    public static byte[] Labels(params byte[] labels) => Idx(0x00000801, [labels.Length], labels);

    public string Write(string name, byte[] content, bool gzip)
    {
        var path = Path.Combine(Folder, gzip ? name + ".gz" : name);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
