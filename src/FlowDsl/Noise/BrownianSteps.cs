using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Noise;

/// <summary>
/// Many consecutive increments of one (path, stream) of a <see cref="BrownianSource"/> at once, bit-identical to calling
/// <see cref="BrownianSource.Increment"/> step by step: the fine-grid normals are drawn with SIMD lanes over the fine steps
/// (lane i of a vector is fine step k + i, counter block ⌊j/2⌋ for component j), and each coarse increment sums its fine
/// normals in the same order, 0 + z_k + z_{k+1} + …, before the same scale √h_f (negated for the odd path of an
/// antithetic pair). Draws one Philox block per fine step and component pair, as the step-by-step calls do, but without a
/// scalar Box–Muller and a stream object per fine step.
/// </summary>
internal static class BrownianSteps
{
    /// <summary>
    /// <paramref name="increments"/>[s·c + j] = component j of <see cref="BrownianSource.Increment"/>(path, stream,
    /// (first + s)·f, f) for s &lt; <paramref name="steps"/>, j &lt; c = <paramref name="components"/>, f = <paramref name="finePerStep"/>.
    /// </summary>
    public static void Fill(BrownianSource source, int path, uint stream, int first, int finePerStep, int steps, int components, Span<double> increments)
    {
        var length = steps * components;
        if (increments.Length < length) throw new ArgumentException($"{length} increments do not fit in {increments.Length}.", nameof(increments));
        var result = increments[..length];
        result.Clear();
        if (components == 0 || steps == 0) return;
        var key = new Key((uint)source.Seed, (uint)(source.Seed >> 32), source.Antithetic ? (uint)(path >> 1) : (uint)path, stream,
            first * finePerStep, finePerStep, steps * finePerStep, components);
        ref var target = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(result);
        switch (SimdWidths.Best)
        {
            case SimdWidth.Vector512: Accumulate<V512Ops, Vector512<double>>(key, ref target); break;
            case SimdWidth.Vector256: Accumulate<V256Ops, Vector256<double>>(key, ref target); break;
            default: Accumulate<ScalarOps, double>(key, ref target); break;
        }
        // The same expression as BrownianSource's √(T/fine), so the same bits.
        var scale = Math.Sqrt(source.Horizon / source.FineSteps);
        if (source.Antithetic && (path & 1) == 1) scale = -scale;
        foreach (ref var value in result) value *= scale;
    }

    private readonly record struct Key(uint K0, uint K1, uint Path, uint Stream, int FirstFine, int FinePerStep, int FineCount, int Components);

    /// <summary>Whole vectors of fine steps, then one fine step at a time, per counter block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TOps, TVec>(in Key key, ref double increments) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        Span<double> z0 = stackalloc double[lanes];
        Span<double> z1 = stackalloc double[lanes];
        for (var block = 0; block < (key.Components + 1) / 2; block++)
        {
            var j = 2 * block;
            var second = j + 1 < key.Components;
            var k = 0;
            for (; k + lanes <= key.FineCount; k += lanes)
            {
                Normals<TOps, TVec>(key, (uint)block, TOps.IotaBits((ulong)(uint)(key.FirstFine + k)), out var a, out var b);
                TOps.Store(a, ref z0[0]);
                TOps.Store(b, ref z1[0]);
                Add(key, ref increments, k, lanes, j, second, z0, z1);
            }
            for (; k < key.FineCount; k++)
            {
                Normals<ScalarOps, double>(key, (uint)block, ScalarOps.IotaBits((ulong)(uint)(key.FirstFine + k)), out var a, out var b);
                z0[0] = a;
                z1[0] = b;
                Add(key, ref increments, k, 1, j, second, z0, z1);
            }
        }
    }

    /// <summary>Adds the normals of fine steps k..k+count−1 to their coarse increments, in fine-step order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(in Key key, ref double increments, int k, int count, int j, bool second, ReadOnlySpan<double> z0, ReadOnlySpan<double> z1)
    {
        for (var lane = 0; lane < count; lane++)
        {
            ref var slot = ref Unsafe.Add(ref increments, (k + lane) / key.FinePerStep * key.Components + j);
            slot += z0[lane];
            if (second) Unsafe.Add(ref slot, 1) += z1[lane];
        }
    }

    /// <summary>
    /// Box–Muller on Philox4x32-10 of counter (block, stepᵢ, path, stream) per lane: <see cref="CounterRng"/>'s normals
    /// 2·block and 2·block + 1 of (seed, path, stepᵢ, stream). The same rounds as <see cref="PhiloxLanes.Generate{TOps, TVec}"/>,
    /// with the step word varying across lanes instead of the block word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Normals<TOps, TVec>(in Key key, uint block, TVec steps, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
    {
        const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;
        var low32 = TOps.BroadcastBits(0xFFFF_FFFFUL);
        var m0 = TOps.BroadcastBits(M0);
        var m1 = TOps.BroadcastBits(M1);
        var x0 = TOps.BroadcastBits(block);
        var x1 = steps;
        var x2 = TOps.BroadcastBits(key.Path);
        var x3 = TOps.BroadcastBits(key.Stream);
        uint k0 = key.K0, k1 = key.K1;
        for (var round = 0; round < 10; round++)
        {
            var p0 = TOps.MultiplyLow32(x0, m0);
            var p1 = TOps.MultiplyLow32(x2, m1);
            x0 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p1, 32), x1), TOps.BroadcastBits(k0));
            x2 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p0, 32), x3), TOps.BroadcastBits(k1));
            x1 = TOps.And(p1, low32);
            x3 = TOps.And(p0, low32);
            k0 += W0;
            k1 += W1;
        }
        PhiloxLanes.BoxMuller<TOps, TVec>(PhiloxLanes.ToUnit<TOps, TVec>(x0, x1), PhiloxLanes.ToUnit<TOps, TVec>(x2, x3), out z0, out z1);
    }
}
