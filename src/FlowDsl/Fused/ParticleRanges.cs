using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>Splits particles [0, n) into fixed contiguous ranges, one per thread, aligned to whole tiles.</summary>
public static class ParticleRanges
{
    /// <summary>The alignment of range boundaries: 4 tiles of 8 lanes, so every range but the last has no scalar tail.</summary>
    public const int Alignment = 32;

    /// <summary>Range k of <paramref name="parts"/>: [start, end). Ranges are contiguous, cover [0, n) and depend only on (n, parts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0, parts &lt; 1, or part outside [0, parts).</exception>
    public static (int Start, int End) Get(int n, int parts, int part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if ((uint)part >= (uint)parts)
            throw new ArgumentOutOfRangeException(nameof(part), part, $"Expected a part index in [0, {parts}).");
        var tiles = (n + Alignment - 1) / Alignment;
        var perPart = (tiles + parts - 1) / parts;
        var start = Math.Min(n, part * perPart * Alignment);
        var end = Math.Min(n, (part + 1) * perPart * Alignment);
        return (start, end);
    }
}
