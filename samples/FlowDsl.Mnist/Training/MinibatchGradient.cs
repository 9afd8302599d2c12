using System.Numerics.Tensors;

namespace FlowDsl.Mnist.Training;

/// <summary>
/// The minibatch gradient (1/B) Σ_b ∇ₓR(x, θ_{i_b}) of a generated (or hand-written) <see cref="IRiskModel"/>, computed
/// on several threads with a result that does not depend on the thread count.
/// </summary>
/// <remarks>
/// The batch is cut into fixed chunks of <see cref="ChunkSize"/> samples (independent of the thread count); each chunk
/// sums its per-sample gradients in order into its own buffer, and the chunk sums are added in chunk order. The
/// floating-point sum is therefore the same for 1, 2 or 64 threads.
/// </remarks>
public sealed class MinibatchGradient<TModel> where TModel : IRiskModel
{
    /// <summary>Samples per chunk: the unit of parallel work.</summary>
    public const int ChunkSize = 8;

    private readonly double[] _samples;
    private readonly int _sampleLength;
    private readonly int _d;
    private readonly double[][] _chunkSums;
    private readonly double[][] _scratch;
    private readonly double[] _chunkLoss;
    private readonly ParallelOptions _parallel;

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
        _d = TModel.Layout.ParameterCount;
        var chunks = (maxBatch + ChunkSize - 1) / ChunkSize;
        _chunkSums = Enumerable.Range(0, chunks).Select(_ => new double[_d]).ToArray();
        _scratch = Enumerable.Range(0, chunks).Select(_ => new double[_d]).ToArray();
        _chunkLoss = new double[chunks];
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
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
        var batch = indices.Length;
        var chunks = (batch + ChunkSize - 1) / ChunkSize;
        if (chunks > _chunkSums.Length)
            throw new ArgumentException($"Batch of {batch} exceeds the prepared maximum {_chunkSums.Length * ChunkSize}.", nameof(indices));
        var ids = indices.ToArray();
        if (chunks == 1) SumChunk(x, ids, 0);
        else Parallel.For(0, chunks, _parallel, c => SumChunk(x, ids, c));

        var scale = 1.0 / batch;
        TensorPrimitives.Multiply(_chunkSums[0], scale, gradient);
        var loss = _chunkLoss[0];
        for (var c = 1; c < chunks; c++)
        {
            TensorPrimitives.MultiplyAdd(_chunkSums[c], scale, gradient, gradient);
            loss += _chunkLoss[c];
        }
        return loss * scale;
    }

    private void SumChunk(double[] x, int[] ids, int chunk)
    {
        var sum = _chunkSums[chunk];
        var g = _scratch[chunk];
        var end = Math.Min(ids.Length, (chunk + 1) * ChunkSize);
        var loss = 0.0;
        for (var b = chunk * ChunkSize; b < end; b++)
        {
            var target = b == chunk * ChunkSize ? sum : g;
            loss += TModel.Gradient(x, Sample(ids[b]), target);
            if (!ReferenceEquals(target, sum)) TensorPrimitives.Add(sum, g, sum);
        }
        _chunkLoss[chunk] = loss;
    }
}
