namespace FlowDsl.MeanField;

/// <summary>
/// Fixed-size blocks of particles, run on up to <c>threads</c> threads. The block size does not depend on the thread
/// count and every reduction over blocks is summed in block order afterwards, so results are bitwise identical for
/// any number of threads.
/// </summary>
internal readonly struct ParticleBlocks
{
    /// <summary>Particles per block: small enough that a block's particles and its partial sums stay in L1/L2.</summary>
    public const int BlockSize = 32;

    public ParticleBlocks(int particleCount, int threads)
    {
        ParticleCount = particleCount;
        Threads = threads;
        Count = (particleCount + BlockSize - 1) / BlockSize;
    }

    public int ParticleCount { get; }
    public int Threads { get; }

    /// <summary>Number of blocks.</summary>
    public int Count { get; }

    public (int Start, int End) Range(int block) =>
        (block * BlockSize, Math.Min(ParticleCount, (block + 1) * BlockSize));

    /// <summary>Runs <paramref name="body"/> on every block; in parallel when more than one thread and block.</summary>
    public void Run(Action<int> body)
    {
        if (Threads <= 1 || Count <= 1)
        {
            for (var b = 0; b < Count; b++) body(b);
            return;
        }
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body);
    }
}
