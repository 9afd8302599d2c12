using System.Numerics.Tensors;

namespace FlowDsl.Mnist.Training;

/// <summary>
/// The minibatch gradient (1/B) Σ_b ∇ₓR(x, θ_{i_b}) of a generated (or hand-written) <see cref="IRiskModel"/>, computed
/// on several threads with a result that does not depend on the thread count, and the SGD step built on it.
/// </summary>
/// <remarks>
/// The batch is cut into fixed chunks of <see cref="ChunkSize"/> samples (independent of the thread count); each chunk
/// sums its per-sample gradients in order into its own buffer, and the chunk sums are added in chunk order. The
/// floating-point sum is therefore the same for 1, 2 or 64 threads. Per sample the chunk sum is the only d-vector
/// written: the first sample's <see cref="IRiskModel.Gradient"/> writes it, the others'
/// <see cref="IAccumulatingGradient.AddGradient"/> add to it (the same bits as writing each gradient to a scratch
/// vector and adding it, with a third of the memory traffic: x and one sum stay in cache).
/// </remarks>
public sealed class MinibatchGradient<TModel> where TModel : IRiskModel, IAccumulatingGradient
{
    /// <summary>Samples per chunk: the unit of parallel work.</summary>
    public const int ChunkSize = 8;

    /// <summary>Coordinates per tile of the final combination (small enough for the first-level cache).</summary>
    private const int Tile = 1024;

    private readonly double[] _samples;
    private readonly int _sampleLength;
    private readonly double[][] _chunkSums;
    private readonly double[] _chunkLoss;
    private readonly int[] _ids;
    private readonly int _threads;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _sumChunk;
    private double[] _x = [];
    private int _batch;

    /// <summary>Prepares buffers for batches of up to <paramref name="maxBatch"/> samples.</summary>
    /// <param name="samples">The data set, row-major: sample i is θ_i = samples[i·|θ| .. (i+1)·|θ|).</param>
    /// <param name="maxBatch">Largest batch size B.</param>
    /// <param name="threads">Worker threads (≥ 1); the result does not depend on it.</param>
    public MinibatchGradient(double[] samples, int maxBatch, int threads)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _sampleLength = TModel.Layout.DataCount;
        if (samples.Length % _sampleLength != 0)
            throw new ArgumentException($"{TModel.Name}: the data array has length {samples.Length}, not a multiple of |θ| = {_sampleLength}.", nameof(samples));
        _samples = samples;
        var chunks = (maxBatch + ChunkSize - 1) / ChunkSize;
        _chunkSums = Enumerable.Range(0, chunks).Select(_ => new double[TModel.Layout.ParameterCount]).ToArray();
        _chunkLoss = new double[chunks];
        _ids = new int[chunks * ChunkSize];
        _threads = threads;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        _sumChunk = SumChunk;
    }

    /// <summary>Number of samples in the data set.</summary>
    public int SampleCount => _samples.Length / _sampleLength;

    /// <summary>θ_i.</summary>
    public ReadOnlySpan<double> Sample(int index) => _samples.AsSpan(index * _sampleLength, _sampleLength);

    /// <summary>
    /// Writes the mean gradient over the samples <paramref name="indices"/> into <paramref name="gradient"/> and
    /// returns the mean risk (1/B) Σ R(x, θ_i).
    /// </summary>
    public double Compute(double[] x, ReadOnlySpan<int> indices, Span<double> gradient)
    {
        var chunks = SumChunks(x, indices);
        var scale = 1.0 / indices.Length;
        TensorPrimitives.Multiply(_chunkSums[0], scale, gradient);
        for (var c = 1; c < chunks; c++) TensorPrimitives.MultiplyAdd(_chunkSums[c], scale, gradient, gradient);
        return Loss(chunks, scale);
    }

    /// <summary>
    /// One SGD step x ← x − α·g with g the mean gradient over <paramref name="indices"/> (the bits of
    /// <see cref="Compute"/> followed by x + (−α)·g); returns the mean risk at the old x.
    /// </summary>
    /// <remarks>The combination runs tile by tile, so g never exists as a d-vector: one pass over x and the chunk sums.</remarks>
    public double Descend(double[] x, ReadOnlySpan<int> indices, double alpha)
    {
        var chunks = SumChunks(x, indices);
        var scale = 1.0 / indices.Length;
        Span<double> g = stackalloc double[Tile];
        for (var start = 0; start < x.Length; start += Tile)
        {
            var length = Math.Min(Tile, x.Length - start);
            var gi = g[..length];
            var xi = x.AsSpan(start, length);
            TensorPrimitives.Multiply(_chunkSums[0].AsSpan(start, length), scale, gi);
            for (var c = 1; c < chunks; c++) TensorPrimitives.MultiplyAdd(_chunkSums[c].AsSpan(start, length), scale, gi, gi);
            TensorPrimitives.MultiplyAdd(gi, -alpha, xi, xi);
        }
        return Loss(chunks, scale);
    }

    /// <summary>Fills the chunk sums for the batch; returns the number of chunks.</summary>
    private int SumChunks(double[] x, ReadOnlySpan<int> indices)
    {
        var chunks = (indices.Length + ChunkSize - 1) / ChunkSize;
        if (indices.IsEmpty || chunks > _chunkSums.Length)
            throw new ArgumentException($"A batch must have 1 to {_chunkSums.Length * ChunkSize} samples, not {indices.Length}.", nameof(indices));
        indices.CopyTo(_ids);
        (_x, _batch) = (x, indices.Length);
        if (chunks == 1 || _threads == 1)
        {
            for (var c = 0; c < chunks; c++) SumChunk(c);
        }
        else
        {
            Parallel.For(0, chunks, _parallel, _sumChunk);
        }
        _x = [];
        return chunks;
    }

    private double Loss(int chunks, double scale)
    {
        var loss = _chunkLoss[0];
        for (var c = 1; c < chunks; c++) loss += _chunkLoss[c];
        return loss * scale;
    }

    private void SumChunk(int chunk)
    {
        var sum = _chunkSums[chunk];
        var (first, end) = (chunk * ChunkSize, Math.Min(_batch, (chunk + 1) * ChunkSize));
        var loss = TModel.Gradient(_x, Sample(_ids[first]), sum);
        for (var b = first + 1; b < end; b++) loss += TModel.AddGradient(_x, Sample(_ids[b]), sum);
        _chunkLoss[chunk] = loss;
    }
}
