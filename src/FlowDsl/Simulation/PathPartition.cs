namespace FlowDsl.Simulation;

/// <summary>
/// Runs work over paths 0..count−1 split into fixed contiguous chunks that the workers take in turn. Each path's
/// randomness is keyed by its index, and each path writes only its own results, so the outcome is identical for any
/// thread count and any order in which the chunks are taken.
/// </summary>
/// <remarks>
/// Several chunks per worker, taken as workers become free, keep both cores busy to the end when one worker is slowed
/// (another process, a background task of the caller); one fixed range per worker made the other wait.
/// </remarks>
internal static class PathPartition
{
    /// <summary>Chunks per worker: enough to even out a slowed worker, few enough that per-chunk setup stays negligible.</summary>
    private const int ChunksPerWorker = 4;

    /// <summary>Chunk lengths are multiples of this many paths (a multiple of every path block and lane width in use).</summary>
    private const int ChunkAlignment = 64;

    /// <summary>Calls <paramref name="body"/>(start, end) for contiguous ranges covering [0, count), on <paramref name="threads"/> workers.</summary>
    public static void Run(int count, int threads, Action<int, int> body)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "The number of threads must be at least 1.");
        var workers = Math.Min(threads, Math.Max(1, count));
        if (workers == 1)
        {
            body(0, count);
            return;
        }
        var length = ChunkLength(count, workers);
        var chunks = (int)(((long)count + length - 1) / length);
        workers = Math.Min(workers, chunks);
        var exceptions = new Exception?[chunks];
        var next = -1;
        var failed = chunks; // the lowest failed chunk: chunks above it are not started
        var tasks = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = new Thread(() =>
            {
                for (var c = Interlocked.Increment(ref next); c < chunks && c < Volatile.Read(ref failed); c = Interlocked.Increment(ref next))
                {
                    try { body(c * length, (int)Math.Min(count, (long)(c + 1) * length)); }
                    catch (Exception e)
                    {
                        exceptions[c] = e;
                        for (var f = Volatile.Read(ref failed); c < f; f = Volatile.Read(ref failed))
                            if (Interlocked.CompareExchange(ref failed, c, f) == f) break;
                    }
                }
            }, 16 * 1024 * 1024) { IsBackground = true };
            tasks[w].Start();
        }
        foreach (var t in tasks) t.Join();
        // Report the failure of the lowest chunk (every chunk below it ran), so the message is the same for any thread count.
        foreach (var e in exceptions)
            if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>The chunk length: about <see cref="ChunksPerWorker"/> chunks per worker, a multiple of <see cref="ChunkAlignment"/>.</summary>
    internal static int ChunkLength(int count, int workers)
    {
        var target = (count + (long)workers * ChunksPerWorker - 1) / ((long)workers * ChunksPerWorker);
        return (int)Math.Min(int.MaxValue / 2, Math.Max(ChunkAlignment, (target + ChunkAlignment - 1) / ChunkAlignment * ChunkAlignment));
    }
}
