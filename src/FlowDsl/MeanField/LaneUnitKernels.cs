using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// The unit calls through the generated feature lanes <typeparamref name="TLanes"/>: the particles of a block are
/// evaluated <c>TOps.Count</c> at a time (one particle per lane, θ broadcast), and the block's tail one particle at a
/// time with the SAME lane code at <see cref="ScalarOps"/>. Every lane of every width gives the scalar width's bits, so
/// a particle's numbers do not depend on the width or on whether it falls in a full tile or in the tail.
/// </summary>
/// <remarks>
/// <see cref="Prepare"/> transposes the block's particles once into structure of arrays (coordinate i of the block's
/// particle k at <c>[start·d + i·(end − start) + k]</c>), so each atom's tiles are d contiguous vector loads; outputs are
/// written back particle-major (the evaluator's layout) through the tile's own memory.
/// </remarks>
/// <typeparam name="TLanes">The model's generated <c>FeatureLanes</c>.</typeparam>
/// <typeparam name="TOps">The width of full tiles.</typeparam>
/// <typeparam name="TVec">Its lane container.</typeparam>
[SkipLocalsInit] // tiles are written up to d before they are read; zeroing 16 fields per atom and tile would cost more
internal sealed class LaneUnitKernels<TLanes, TOps, TVec> : IUnitKernels
    where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly double[] _x;
    private readonly double[] _v;

    /// <summary>Work arrays for <paramref name="particleCount"/> particles.</summary>
    public LaneUnitKernels(int particleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(particleCount);
        _x = new double[particleCount * TLanes.Dimension];
        _v = new double[particleCount * TLanes.Dimension];
    }

    private static int D => TLanes.Dimension;

    /// <inheritdoc/>
    public SimdWidth? LaneWidth => (SimdWidth)TOps.Count;

    /// <inheritdoc/>
    public void Prepare(ReadOnlySpan<double> x, int start, int end) => Transpose(x, start, end, _x);

    /// <inheritdoc/>
    public void PrepareDirection(ReadOnlySpan<double> v, int start, int end) => Transpose(v, start, end, _v);

    /// <inheritdoc/>
    public void Values(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> values)
    {
        var count = CheckOutput(end - start, 1, values.Length);
        ref var soa = ref _x[start * D];
        var k = 0;
        for (; k + TOps.Count <= count; k += TOps.Count)
        {
            Load<TOps, TVec>(ref soa, count, k, out var tile);
            TOps.Store(TLanes.Value<TOps, TVec>(in tile, θ), ref values[k]);
        }
        for (; k < count; k++)
        {
            Load<ScalarOps, double>(ref soa, count, k, out var tile);
            values[k] = TLanes.Value<ScalarOps, double>(in tile, θ);
        }
    }

    /// <inheritdoc/>
    public void Gradients(ReadOnlySpan<double> x, int start, int end, ReadOnlySpan<double> θ, Span<double> gradients)
    {
        var count = CheckOutput(end - start, D, gradients.Length);
        ref var soa = ref _x[start * D];
        var k = 0;
        for (; k + TOps.Count <= count; k += TOps.Count)
        {
            Load<TOps, TVec>(ref soa, count, k, out var tile);
            Unsafe.SkipInit(out LaneTile<TVec> gradient);
            TLanes.Gradient<TOps, TVec>(in tile, θ, ref gradient);
            Store<TOps, TVec>(ref gradient, gradients, k);
        }
        for (; k < count; k++)
        {
            Load<ScalarOps, double>(ref soa, count, k, out var tile);
            Unsafe.SkipInit(out LaneTile<double> gradient);
            TLanes.Gradient<ScalarOps, double>(in tile, θ, ref gradient);
            Store<ScalarOps, double>(ref gradient, gradients, k);
        }
    }

    /// <inheritdoc/>
    public void HessianVectorProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> v, int start, int end, ReadOnlySpan<double> θ, Span<double> results)
    {
        var count = CheckOutput(end - start, D, results.Length);
        ref var soa = ref _x[start * D];
        ref var direction = ref _v[start * D];
        var k = 0;
        for (; k + TOps.Count <= count; k += TOps.Count)
        {
            Load<TOps, TVec>(ref soa, count, k, out var tile);
            Load<TOps, TVec>(ref direction, count, k, out var along);
            Unsafe.SkipInit(out LaneTile<TVec> product);
            TLanes.HessianVectorProduct<TOps, TVec>(in tile, θ, in along, ref product);
            Store<TOps, TVec>(ref product, results, k);
        }
        for (; k < count; k++)
        {
            Load<ScalarOps, double>(ref soa, count, k, out var tile);
            Load<ScalarOps, double>(ref direction, count, k, out var along);
            Unsafe.SkipInit(out LaneTile<double> product);
            TLanes.HessianVectorProduct<ScalarOps, double>(in tile, θ, in along, ref product);
            Store<ScalarOps, double>(ref product, results, k);
        }
    }

    /// <summary>destination[start·d + i·(end − start) + k] = source[(start + k)·d + i]: the block in structure of arrays.</summary>
    private static void Transpose(ReadOnlySpan<double> source, int start, int end, double[] destination)
    {
        var d = D;
        var count = end - start;
        // Both slices are checked here, so the loop can index without bounds checks.
        ref var block = ref MemoryMarshal.GetReference(source.Slice(start * d, count * d));
        ref var soa = ref MemoryMarshal.GetReference(destination.AsSpan(start * d, count * d));
        for (var k = 0; k < count; k++)
            for (var i = 0; i < d; i++)
                Unsafe.Add(ref soa, i * count + k) = Unsafe.Add(ref block, k * d + i);
    }

    /// <summary>Field i of <paramref name="tile"/> = the block's coordinate i of particles k … k + Count − 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load<TO, TV>(ref double soa, int count, int k, out LaneTile<TV> tile) where TO : ISimdOps<TV> where TV : struct
    {
        Unsafe.SkipInit(out tile);
        for (var i = 0; i < D; i++) Unsafe.Add(ref tile.X0, i) = TO.Load(in Unsafe.Add(ref soa, i * count + k));
    }

    /// <summary>Writes fields 0 … d−1 of <paramref name="tile"/> particle-major: output[(k + l)·d + i] = lane l of field i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TO, TV>(ref LaneTile<TV> tile, Span<double> output, int k) where TO : ISimdOps<TV> where TV : struct
    {
        var d = D;
        if (d == 2)
        {
            // Particle-major pairs (x₀, x₁) are exactly the interleaving of fields 0 and 1 (2·Count numbers from k·2).
            if (output.Length < (k + TO.Count) * 2) throw new ArgumentOutOfRangeException(nameof(output));
            TO.StoreInterleaved(tile.X0, tile.X1, ref output[k * 2]);
            return;
        }
        // The tile's memory holds field i's lanes at [i·Count, (i+1)·Count): read them back as doubles.
        ref var lanes = ref Unsafe.As<TV, double>(ref tile.X0);
        for (var l = 0; l < TO.Count; l++)
            for (var i = 0; i < d; i++)
                output[(k + l) * d + i] = Unsafe.Add(ref lanes, i * TO.Count + l);
    }

    /// <summary>The block's particle count, after checking that an output of <paramref name="width"/> numbers per particle fits.</summary>
    private static int CheckOutput(int count, int width, int length)
    {
        if (length < count * width)
            throw new ArgumentException($"{TLanes.Name}: {count} particles need {count * width} output numbers, got {length}.", "output");
        return count;
    }
}
