namespace FlowDsl.Data;

/// <summary>
/// A labelled image set read from a pair of IDX files (images and labels, as MNIST ships them), with the conversion
/// to the data vectors θ = (image/255, one-hot label) that a classification model such as <c>MnistMlp</c> takes.
/// </summary>
public sealed class IdxLabeledSet
{
    private readonly byte[] _labels;

    private IdxLabeledSet(IdxImageSet images, byte[] labels, int classCount)
    {
        Images = images;
        _labels = labels;
        ClassCount = classCount;
    }

    /// <summary>The images.</summary>
    public IdxImageSet Images { get; }
    /// <summary>Number of labelled images.</summary>
    public int Count => Images.Count;
    /// <summary>Number of classes; every label lies in [0, ClassCount).</summary>
    public int ClassCount { get; }
    /// <summary>The length of one data vector θ: pixels then one-hot label.</summary>
    public int SampleLength => Images.PixelCount + ClassCount;

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>All labels, in file order.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>
    /// Reads an images file and its labels file (gzip or raw) and checks that they match: the same count, and every
    /// label below <paramref name="classCount"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is invalid or the files do not match; the message names the file(s).</exception>
    public static IdxLabeledSet Load(string imagesPath, string labelsPath, int classCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw new InvalidDataException(
                $"Image/label count mismatch: images file '{imagesPath}' holds {images.Count} images but labels file '{labelsPath}' holds {labels.Length} labels.");
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw new InvalidDataException($"IDX labels file '{labelsPath}': label {labels[i]} at index {i} is not below the class count {classCount}.");
        return new IdxLabeledSet(images, labels, classCount);
    }

    /// <summary>
    /// Writes θ for sample <paramref name="index"/>: the pixels scaled to [0,1] (θ = pixel/255), then the label as a
    /// one-hot vector y ∈ {0,1}^ClassCount (the target of the quadratic loss ½|y − out|²).
    /// </summary>
    public void CopySample(int index, Span<double> destination)
    {
        if (destination.Length != SampleLength)
            throw new ArgumentException($"A sample has length {SampleLength}; the destination has length {destination.Length}.", nameof(destination));
        var pixels = Images.PixelCount;
        Images.CopyScaled(index, destination[..pixels]);
        var oneHot = destination[pixels..];
        oneHot.Clear();
        oneHot[_labels[index]] = 1.0;
    }

    /// <summary>
    /// All samples as one row-major array of <c>Count × SampleLength</c> doubles, each row as <see cref="CopySample"/> writes it.
    /// </summary>
    public double[] ToSamples()
    {
        var samples = new double[(long)Count * SampleLength];
        for (var i = 0; i < Count; i++) CopySample(i, samples.AsSpan(i * SampleLength, SampleLength));
        return samples;
    }
}
