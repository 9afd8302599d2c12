using FlowDsl.Data;

namespace FlowDsl.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_valid_images_and_labels_raw_or_gzip(bool gzip)
    {
        var images = _files.Write("img", IdxTestFiles.Images(3), gzip);
        var labels = _files.Write("lbl", IdxTestFiles.Labels(7, 0, 9), gzip);

        var set = IdxLabeledSet.Load(images, labels);

        Assert.Equal(3, set.Count);
        Assert.Equal(2, set.Images.Rows);
        Assert.Equal(3, set.Images.Cols);
        Assert.Equal(16, set.SampleLength);
        Assert.Equal([7, 0, 9], set.Labels.ToArray().Select(b => (int)b));
        var theta = new double[16];
        set.CopySample(2, theta);
        for (var k = 0; k < 6; k++) Assert.Equal((80 + k) / 255.0, theta[k]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0], theta[6..]);
        Assert.Equal(theta, set.ToSamples()[32..48]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_images_file_names_the_file_and_the_byte_counts(bool gzip)
    {
        var full = IdxTestFiles.Images(3);
        var path = _files.Write("img", full[..^5], gzip);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains($"expected {full.Length} bytes", e.Message);
        Assert.Contains($"got {full.Length - 5}", e.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        var path = _files.Write("img", IdxTestFiles.Images(3)[..10], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected at least 16 header bytes, got 10", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wrong_magic_is_reported_with_both_numbers(bool gzip)
    {
        var path = _files.Write("img", IdxTestFiles.Idx(0x00000804, [1, 2, 3], new byte[6]), gzip);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("wrong magic number 0x00000804", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
    }

    [Fact]
    public void Labels_file_passed_as_images_is_recognised()
    {
        var path = _files.Write("lbl", IdxTestFiles.Labels(1, 2), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("this is an IDX labels file", e.Message);
    }

    [Fact]
    public void Trailing_bytes_are_reported()
    {
        var path = _files.Write("lbl", [.. IdxTestFiles.Labels(1, 2), 0, 0], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("2 trailing bytes", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Image_label_count_mismatch_names_both_files(bool gzip)
    {
        var images = _files.Write("img", IdxTestFiles.Images(3), gzip);
        var labels = _files.Write("lbl", IdxTestFiles.Labels(1, 2), gzip);

        var e = Assert.Throws<InvalidDataException>(() => IdxLabeledSet.Load(images, labels));

        Assert.Contains("count mismatch", e.Message);
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Fact]
    public void Label_outside_the_classes_is_reported()
    {
        var images = _files.Write("img", IdxTestFiles.Images(2), gzip: false);
        var labels = _files.Write("lbl", IdxTestFiles.Labels(3, 10), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxLabeledSet.Load(images, labels));
        Assert.Contains("label 10 at index 1", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_stream_is_reported()
    {
        var path = _files.Write("img", IdxTestFiles.Images(50), gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var path = Path.Combine(_files.Folder, "nope.gz");
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Reads_the_shipped_mnist_subset()
    {
        var folder = IdxTestFiles.ShippedDataFolder;
        var train = IdxLabeledSet.Load(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var test = IdxLabeledSet.Load(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, test.Count);
        Assert.Equal((28, 28), (train.Images.Rows, train.Images.Cols));
        // Every class is present in roughly its MNIST share (about 10 % each).
        var counts = new int[10];
        foreach (var label in train.Labels) counts[label]++;
        Assert.All(counts, c => Assert.InRange(c, 600, 1000));
        // Digits are ink on a black background: most pixels are 0 and some are saturated.
        var pixels = train.Images.Pixels(0);
        Assert.InRange(pixels.ToArray().Count(p => p == 0), 400, 750);
        Assert.Contains(pixels.ToArray(), p => p > 200);
    }
}
