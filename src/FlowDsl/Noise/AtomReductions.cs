using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.Noise;

/// <summary>
/// The atom reductions M(dW) = Σⱼ dWʲDⱼ and m(dW) = Σⱼ dWʲeⱼ of <see cref="SmfAtomNoise{TModel}"/> (math.md §3.4 a), kept
/// for the last <see cref="Slots"/> increments: the points of one step share an increment and call twice per step (predictor
/// and midpoint), and a block of paths (<c>SdeSimulator.PathBlock</c>) interleaves its paths' increments. A reduction is a
/// function of the increment's bits alone (looked up by bitwise equality), so what is kept never changes a result.
/// </summary>
internal sealed class AtomReductions
{
    /// <summary>Increments kept: two blocks of paths' worth, so a block's second pass finds every row of its first.</summary>
    public const int Slots = 16;

    private readonly double[] _matrices, _offsets; // Dⱼ at [j·d², (j+1)·d²), eⱼ at [j·d, (j+1)·d)
    private readonly double[] _keys, _reducedMatrices, _reducedOffsets;
    private readonly int _rank, _dimension;
    private int _filled, _next, _last;

    public AtomReductions(double[][] matrices, double[][] offsets, int dimension)
    {
        _rank = matrices.Length;
        _dimension = dimension;
        _matrices = matrices.SelectMany(m => m).ToArray();
        _offsets = offsets.SelectMany(e => e).ToArray();
        _keys = new double[Slots * _rank];
        _reducedMatrices = new double[Slots * dimension * dimension];
        _reducedOffsets = new double[Slots * dimension];
    }

    /// <summary>M(dW) (d×d, row-major) and m(dW), valid until the next call, for the increment <paramref name="dW"/> (length: the number of atoms).</summary>
    public void For(ReadOnlySpan<double> dW, out ReadOnlySpan<double> matrix, out ReadOnlySpan<double> offset)
    {
        var slot = Find(dW);
        if (slot < 0)
        {
            slot = _next;
            _next = (_next + 1) % Slots;
            _filled = Math.Max(_filled, slot + 1);
            dW.CopyTo(_keys.AsSpan(slot * _rank, _rank));
            var area = _dimension * _dimension;
            Reduce(dW, _matrices, _reducedMatrices.AsSpan(slot * area, area));
            Reduce(dW, _offsets, _reducedOffsets.AsSpan(slot * _dimension, _dimension));
        }
        _last = slot;
        matrix = _reducedMatrices.AsSpan(slot * _dimension * _dimension, _dimension * _dimension);
        offset = _reducedOffsets.AsSpan(slot * _dimension, _dimension);
    }

    // The slot holding dW's bits, or −1, searched from the last one found: the same increment again (a point's second
    // evaluation), or the next point of a block, whose row was reduced just after it.
    private int Find(ReadOnlySpan<double> dW)
    {
        var bits = MemoryMarshal.Cast<double, long>(dW);
        for (int k = 0, slot = _last; k < _filled; k++, slot = slot + 1 == _filled ? 0 : slot + 1)
        {
            if (_rank > 0 && BitConverter.DoubleToInt64Bits(_keys[slot * _rank]) != bits[0]) continue; // most misses end here
            if (MemoryMarshal.Cast<double, long>(_keys.AsSpan(slot * _rank, _rank)).SequenceEqual(bits)) return slot;
        }
        return -1;
    }

    /// <summary>
    /// result[i] = ((0 + dW⁰·c₀ᵢ) + dW¹·c₁ᵢ) + … over the rows cⱼ of <paramref name="rows"/> (row length = result's): each
    /// entry its own sum in atom order, unfused, several entries per vector (the same operations entry by entry at any width).
    /// </summary>
    internal static void Reduce(ReadOnlySpan<double> dW, double[] rows, Span<double> result)
    {
        var length = result.Length;
        ref var row = ref MemoryMarshal.GetArrayDataReference(rows);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<double>.Count <= length; i += Vector<double>.Count)
            {
                var sum = Vector<double>.Zero;
                for (var j = 0; j < dW.Length; j++)
                    sum += new Vector<double>(dW[j]) * Vector.LoadUnsafe(ref row, (nuint)(j * length + i));
                sum.CopyTo(result[i..]);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + 2 <= length; i += 2)
            {
                var sum = Vector128<double>.Zero;
                for (var j = 0; j < dW.Length; j++)
                    sum += Vector128.Create(dW[j]) * Vector128.LoadUnsafe(ref row, (nuint)(j * length + i));
                sum.CopyTo(result[i..]);
            }
        for (; i < length; i++)
        {
            double sum = 0;
            for (var j = 0; j < dW.Length; j++) sum += dW[j] * Unsafe.Add(ref row, j * length + i);
            result[i] = sum;
        }
    }
}
