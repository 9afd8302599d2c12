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
/// as before. The rows live in slabs of <see cref="SlabDoubles"/> (large-object heap): one small array per path would be
/// copied by every garbage collection it survives, which cost more than drawing the normals. Each (key, stream) is filled by the one worker that simulates that path in a run, and runs follow each
/// other, so a slot is never written by two threads at once; the dictionary makes concurrent inserts of distinct slots safe.
/// </remarks>
internal sealed class BrownianNormalCache
{
    /// <summary>Doubles per slab (1 MiB): rows are cut from slabs, a larger request gets a slab of its own.</summary>
    internal const int SlabDoubles = 1 << 17;

    private readonly ConcurrentDictionary<ulong, ArraySegment<double>> _rows = new();
    private readonly Lock _slabLock = new();
    private double[] _slab = [];
    private int _slabUsed;
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
    /// row j at [j·F, (j+1)·F); an empty segment (no array) when keeping them would pass <see cref="MaxBytes"/>.
    /// </summary>
    public ArraySegment<double> Normals(uint key, uint stream, int components)
    {
        var slot = ((ulong)key << 32) | stream;
        var rows = _rows.TryGetValue(slot, out var kept) ? kept : default;
        var have = rows.Count / FineSteps;
        if (have >= components) return rows;
        var extra = 8L * (components - have) * FineSteps;
        if (Interlocked.Add(ref _bytes, extra) > MaxBytes)
        {
            Interlocked.Add(ref _bytes, -extra);
            return default;
        }
        var grown = Cut(components * FineSteps);
        rows.AsSpan().CopyTo(grown);
        BrownianSteps.FillNormals(Seed, key, stream, 0, FineSteps, have, components, grown.AsSpan(have * FineSteps));
        _rows[slot] = grown;
        return grown;
    }

    // A fresh segment of length doubles (zeroed, as a new array is).
    private ArraySegment<double> Cut(int length)
    {
        if (length > SlabDoubles) return new double[length];
        lock (_slabLock)
        {
            if (_slabUsed + length > _slab.Length)
            {
                _slab = new double[SlabDoubles];
                _slabUsed = 0;
            }
            var segment = new ArraySegment<double>(_slab, _slabUsed, length);
            _slabUsed += length;
            return segment;
        }
    }
}
