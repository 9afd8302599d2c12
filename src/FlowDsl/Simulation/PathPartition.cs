namespace FlowDsl.Simulation;

/// <summary>
/// Runs work over paths 0..count−1 split into fixed contiguous ranges, one per worker. Each path's randomness is keyed
/// by its index, and each path writes only its own results, so the outcome is identical for any thread count.
/// </summary>
internal static class PathPartition
{
    /// <summary>Calls <paramref name="body"/>(start, end) for <paramref name="threads"/> contiguous ranges covering [0, count).</summary>
    public static void Run(int count, int threads, Action<int, int> body)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "The number of threads must be at least 1.");
        var workers = Math.Min(threads, Math.Max(1, count));
        if (workers == 1)
        {
            body(0, count);
            return;
        }
        var exceptions = new Exception?[workers];
        var tasks = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var start = (int)((long)count * w / workers);
            var end = (int)((long)count * (w + 1) / workers);
            var index = w;
            tasks[w] = new Thread(() =>
            {
                try { body(start, end); }
                catch (Exception e) { exceptions[index] = e; }
            }, 16 * 1024 * 1024) { IsBackground = true };
            tasks[w].Start();
        }
        foreach (var t in tasks) t.Join();
        // Report the failure of the lowest range, so the message is the same for any thread count.
        foreach (var e in exceptions)
            if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }
}
