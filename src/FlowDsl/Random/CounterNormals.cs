using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// Bulk standard normals from the counter-based stream of <see cref="CounterRng"/>: normal number j of
/// (seed, path, step, stream) is component j mod 2 of Box–Muller on counter block ⌊j/2⌋, at every SIMD width.
/// Vector lanes are consecutive counter blocks, so the output is bit-identical to calling
/// <see cref="CounterRng.NextNormal"/> repeatedly, whatever the width or the thread that fills which part.
/// </summary>
public static class CounterNormals
{
    /// <summary>
    /// Fills <paramref name="destination"/> with normals 2·<paramref name="firstBlock"/>, 2·<paramref name="firstBlock"/> + 1, …
    /// of stream (<paramref name="seed"/>, <paramref name="path"/>, <paramref name="step"/>, <paramref name="stream"/>).
    /// </summary>
    /// <param name="seed">Experiment seed (the Philox key).</param>
    /// <param name="path">Path index.</param>
    /// <param name="step">Step index.</param>
    /// <param name="stream">Stream index (one per purpose: θ, noise, …).</param>
    /// <param name="destination">Where the normals go.</param>
    /// <param name="firstBlock">The first counter block used (each block gives two normals).</param>
    /// <param name="width">Lane width; <see cref="SimdWidth.Auto"/> picks the widest accelerated one. The numbers do not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">The blocks would pass 2³² (the block counter is 32 bits).</exception>
    public static void Fill(ulong seed, uint path, uint step, uint stream, Span<double> destination, uint firstBlock = 0, SimdWidth width = SimdWidth.Auto)
    {
        var blocks = ((ulong)destination.Length + 1) / 2;
        if (firstBlock + blocks > 1UL << 32)
            throw new ArgumentOutOfRangeException(nameof(firstBlock), firstBlock,
                $"Blocks {firstBlock}..{firstBlock + blocks - 1} pass the 32-bit block counter; expected at most 2^32 blocks per (seed, path, step, stream).");
        var keys = new Key((uint)seed, (uint)(seed >> 32), path, step, stream);
        ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
        var done = SimdWidths.Resolve(width) switch
        {
            SimdWidth.Vector512 => FillLanes<V512Ops, Vector512<double>>(keys, ref start, destination.Length, firstBlock),
            SimdWidth.Vector256 => FillLanes<V256Ops, Vector256<double>>(keys, ref start, destination.Length, firstBlock),
            _ => 0,
        };
        // Scalar tail: whole blocks, then possibly half a block.
        var block = firstBlock + (uint)(done / 2);
        for (var i = done; i < destination.Length; i += 2, block++)
        {
            PhiloxLanes.NormalPairs<ScalarOps, double>(keys.K0, keys.K1, BitConverter.UInt64BitsToDouble(block), keys.Step, keys.Path, keys.Stream, out var z0, out var z1);
            destination[i] = z0;
            if (i + 1 < destination.Length) destination[i + 1] = z1;
        }
    }

    private readonly record struct Key(uint K0, uint K1, uint Path, uint Step, uint Stream);

    /// <summary>Whole vectors of blocks; returns how many doubles were written (a multiple of 2·lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FillLanes<TOps, TVec>(Key keys, ref double destination, int length, uint firstBlock)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var perVector = 2 * TOps.Count;
        var written = 0;
        var schedule = PhiloxLanes.Keys<TVec>.Create<TOps>(keys.K0, keys.K1);
        var (step, path, stream) = (TOps.BroadcastBits(keys.Step), TOps.BroadcastBits(keys.Path), TOps.BroadcastBits(keys.Stream));
        var blocks = TOps.IotaBits(firstBlock);
        var advance = TOps.BroadcastBits((ulong)TOps.Count);
        for (; written + perVector <= length; written += perVector)
        {
            PhiloxLanes.NormalPairs<TOps, TVec>(in schedule, blocks, step, path, stream, out var z0, out var z1);
            TOps.StoreInterleaved(z0, z1, ref Unsafe.Add(ref destination, written));
            blocks = TOps.AddBits(blocks, advance);
        }
        return written;
    }
}
