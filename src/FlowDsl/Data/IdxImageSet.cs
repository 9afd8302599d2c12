namespace FlowDsl.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/>×<see cref="Cols"/> unsigned bytes, row-major.</summary>
public sealed class IdxImageSet
{
    private readonly byte[] _pixels;

    internal IdxImageSet(string path, int count, int rows, int cols, byte[] pixels)
    {
        Path = path;
        Count = count;
        Rows = rows;
        Cols = cols;
        _pixels = pixels;
    }

    /// <summary>The file the images were read from.</summary>
    public string Path { get; }
    /// <summary>Number of images.</summary>
    public int Count { get; }
    /// <summary>Rows per image.</summary>
    public int Rows { get; }
    /// <summary>Columns per image.</summary>
    public int Cols { get; }
    /// <summary>Pixels per image, <c>Rows·Cols</c>.</summary>
    public int PixelCount => Rows * Cols;

    /// <summary>The raw pixels (0–255) of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Pixels(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelCount, PixelCount);
    }

    /// <summary>Writes image <paramref name="index"/> scaled to [0,1] (pixel/255) into <paramref name="destination"/>.</summary>
    public void CopyScaled(int index, Span<double> destination)
    {
        if (destination.Length != PixelCount)
            throw new ArgumentException($"Image {index} has {PixelCount} pixels; the destination has length {destination.Length}.", nameof(destination));
        var pixels = Pixels(index);
        for (var k = 0; k < pixels.Length; k++) destination[k] = pixels[k] / 255.0;
    }
}
