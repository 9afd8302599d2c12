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
        var key = new Lanes((uint)source.Seed, (uint)(source.Seed >> 32), Key(source, path), stream,
            first * finePerStep, finePerStep, steps * finePerStep, components);
        ref var target = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(result);
        switch (SimdWidths.Best)
        {
            case SimdWidth.Vector512: Accumulate<V512Ops, Vector512<double>>(key, ref target); break;
            case SimdWidth.Vector256: Accumulate<V256Ops, Vector256<double>>(key, ref target); break;
            default: Accumulate<ScalarOps, double>(key, ref target); break;
        }
        var scale = Scale(source, path);
        foreach (ref var value in result) value *= scale;
    }

    /// <summary>The counter key of <paramref name="path"/>: antithetic partners 2q and 2q + 1 share q.</summary>
    public static uint Key(BrownianSource source, int path) => source.Antithetic ? (uint)(path >> 1) : (uint)path;

    /// <summary>√h_f, the same expression as <see cref="BrownianSource"/>'s (so the same bits), negated for the odd path of an antithetic pair.</summary>
    public static double Scale(BrownianSource source, int path)
    {
        var scale = Math.Sqrt(source.Horizon / source.FineSteps);
        return source.Antithetic && (path & 1) == 1 ? -scale : scale;
    }

    /// <summary>
    /// The same increments as <see cref="Fill"/> from normals already drawn (<see cref="FillNormals"/> of the whole grid,
    /// row j at [j·F, (j+1)·F)): each a sum in fine-step order from 0, then scaled.
    /// </summary>
    public static void Sum(ReadOnlySpan<double> rows, int fineSteps, double scale, int first, int finePerStep, int steps, int components, Span<double> increments)
    {
        if (increments.Length < steps * components) throw new ArgumentException($"{steps * components} increments do not fit in {increments.Length}.", nameof(increments));
        // Component by component (a row is contiguous), each increment still 0 + z_k + z_{k+1} + … in fine-step order.
        ref var output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(increments);
        for (var j = 0; j < components; j++)
        {
            var row = rows.Slice(j * fineSteps + first * finePerStep, steps * finePerStep);
            ref var z = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row);
            ref var target = ref Unsafe.Add(ref output, j);
            switch (finePerStep)
            {
                case 1:
                    for (var s = 0; s < steps; s++)
                    {
                        double sum = 0;
                        sum += Unsafe.Add(ref z, s);
                        Unsafe.Add(ref target, s * components) = sum * scale;
                    }
                    break;
                case 2:
                    for (var s = 0; s < steps; s++)
                    {
                        double sum = 0;
                        sum += Unsafe.Add(ref z, 2 * s);
                        sum += Unsafe.Add(ref z, 2 * s + 1);
                        Unsafe.Add(ref target, s * components) = sum * scale;
                    }
                    break;
                default:
                    for (var s = 0; s < steps; s++)
                    {
                        double sum = 0;
                        for (var k = 0; k < finePerStep; k++) sum += Unsafe.Add(ref z, s * finePerStep + k);
                        Unsafe.Add(ref target, s * components) = sum * scale;
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// The fine-grid normals themselves, component-major: <paramref name="rows"/>[(j − from)·count + i] is normal j of
    /// (seed, <paramref name="key"/>, fine step <paramref name="firstFine"/> + i, <paramref name="stream"/>) for
    /// <paramref name="from"/> ≤ j &lt; <paramref name="to"/> and i &lt; <paramref name="count"/> (unscaled, as
    /// <see cref="BrownianSource.Increment"/> draws them before summing).
    /// </summary>
    public static void FillNormals(ulong seed, uint key, uint stream, int firstFine, int count, int from, int to, Span<double> rows)
    {
        if (rows.Length < (long)(to - from) * count) throw new ArgumentException($"{to - from}×{count} normals do not fit in {rows.Length}.", nameof(rows));
        var keys = new Lanes((uint)seed, (uint)(seed >> 32), key, stream, firstFine, 1, count, to);
        switch (SimdWidths.Best)
        {
            case SimdWidth.Vector512: Rows<V512Ops, Vector512<double>>(keys, from, rows); break;
            case SimdWidth.Vector256: Rows<V256Ops, Vector256<double>>(keys, from, rows); break;
            default: Rows<ScalarOps, double>(keys, from, rows); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TOps, TVec>(in Lanes key, int from, Span<double> rows) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        var count = key.FineCount;
        for (var block = from / 2; block < (key.Components + 1) / 2; block++)
        {
            var j = 2 * block;
            var first = j >= from ? rows.Slice((j - from) * count, count) : default;
            var second = j + 1 < key.Components ? rows.Slice((j + 1 - from) * count, count) : default;
            var k = 0;
            for (; k + lanes <= count; k += lanes)
            {
                Normals<TOps, TVec>(key, (uint)block, TOps.IotaBits((ulong)(uint)(key.FirstFine + k)), out var a, out var b);
                if (!first.IsEmpty) TOps.Store(a, ref first[k]);
                if (!second.IsEmpty) TOps.Store(b, ref second[k]);
            }
            for (; k < count; k++)
            {
                Normals<ScalarOps, double>(key, (uint)block, ScalarOps.IotaBits((ulong)(uint)(key.FirstFine + k)), out var a, out var b);
                if (!first.IsEmpty) first[k] = a;
                if (!second.IsEmpty) second[k] = b;
            }
        }
    }

    private readonly record struct Lanes(uint K0, uint K1, uint Path, uint Stream, int FirstFine, int FinePerStep, int FineCount, int Components);

    /// <summary>Whole vectors of fine steps, then one fine step at a time, per counter block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TOps, TVec>(in Lanes key, ref double increments) where TOps : ISimdOps<TVec> where TVec : struct
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
    private static void Add(in Lanes key, ref double increments, int k, int count, int j, bool second, ReadOnlySpan<double> z0, ReadOnlySpan<double> z1)
    {
        var step = Math.DivRem(k, key.FinePerStep, out var within);
        ref var slot = ref Unsafe.Add(ref increments, step * key.Components + j);
        for (var lane = 0; lane < count; lane++)
        {
            slot += z0[lane];
            if (second) Unsafe.Add(ref slot, 1) += z1[lane];
            if (++within == key.FinePerStep)
            {
                within = 0;
                slot = ref Unsafe.Add(ref slot, key.Components);
            }
        }
    }

    /// <summary>
    /// Box–Muller on Philox4x32-10 of counter (block, stepᵢ, path, stream) per lane: <see cref="CounterRng"/>'s normals
    /// 2·block and 2·block + 1 of (seed, path, stepᵢ, stream), through <c>PhiloxLanes.NormalPairs</c> with the step word
    /// varying across lanes instead of the block word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Normals<TOps, TVec>(in Lanes key, uint block, TVec steps, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
    {
        var keys = PhiloxLanes.Keys<TVec>.Create<TOps>(key.K0, key.K1);
        PhiloxLanes.NormalPairs<TOps, TVec>(in keys, TOps.BroadcastBits(block), steps, TOps.BroadcastBits(key.Path), TOps.BroadcastBits(key.Stream), out z0, out z1);
    }
}
