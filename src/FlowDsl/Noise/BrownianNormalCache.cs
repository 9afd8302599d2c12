using System.Collections.Concurrent;

namespace FlowDsl.Noise;

/// <summary>
/// The fine-grid normals of a study's Brownian paths, drawn once and kept for every consumer that reads them: SGD, every
/// continuous model, every α-level and the h/2 solver check all sum the same normals of a path (math.md §7.3.1), so a
/// study draws each one once instead of once per simulation. Keyed by the counter key of the path (antithetic partners
/// share it) and the stream; the numbers are those <see cref="BrownianSource.Increment"/> draws, so results do not change.
/// </summary>
/// <remarks>
/// Bounded: a path's normals are kept only while the total stays within <see cref="MaxBytes"/>; beyond it consumers draw
/// as before. Each (key, stream) is filled by the one worker that simulates that path in a run, and runs follow each
/// other, so a slot is never written by two threads at once; the dictionary makes concurrent inserts of distinct slots safe.
/// </remarks>
internal sealed class BrownianNormalCache
{
    private readonly ConcurrentDictionary<ulong, double[]> _rows = new();
    private long _bytes;

    /// <param name="seed">The seed of the paths.</param>
    /// <param name="fineSteps">The fine grid of the paths.</param>
    /// <param name="maxBytes">The most memory the kept normals may take.</param>
    public BrownianNormalCache(ulong seed, int fineSteps, long maxBytes)
    {
        Seed = seed;
        FineSteps = fineSteps;
        MaxBytes = maxBytes;
    }

    public ulong Seed { get; }
    public int FineSteps { get; }
    public long MaxBytes { get; }

    /// <summary>Whether this cache holds the paths of <paramref name="source"/>.</summary>
    public bool Serves(BrownianSource source) => source.Seed == Seed && source.FineSteps == FineSteps;

    /// <summary>
    /// Rows j &lt; <paramref name="components"/> (at least) of the fine normals of (<paramref name="key"/>, <paramref name="stream"/>),
    /// row j at [j·F, (j+1)·F); null when keeping them would pass <see cref="MaxBytes"/>.
    /// </summary>
    public double[]? Normals(uint key, uint stream, int components)
    {
        var slot = ((ulong)key << 32) | stream;
        var rows = _rows.TryGetValue(slot, out var kept) ? kept : null;
        var have = rows is null ? 0 : rows.Length / FineSteps;
        if (have >= components) return rows;
        var extra = 8L * (components - have) * FineSteps;
        if (Interlocked.Add(ref _bytes, extra) > MaxBytes)
        {
            Interlocked.Add(ref _bytes, -extra);
            return null;
        }
        var grown = new double[components * FineSteps];
        rows?.CopyTo(grown, 0);
        BrownianSteps.FillNormals(Seed, key, stream, 0, FineSteps, have, components, grown.AsSpan(have * FineSteps));
        _rows[slot] = grown;
        return grown;
    }
}
