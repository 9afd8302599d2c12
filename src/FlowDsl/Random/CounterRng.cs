using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// A reproducible random stream keyed by (seed, path, step, stream): the draws of path p at step i in stream s
/// are a pure function of those four numbers (Philox4x32-10), so results do not depend on thread count,
/// scheduling or SIMD width. A mutable struct: pass it by <c>ref</c>.
/// </summary>
/// <remarks>
/// Uniforms have 52 random bits and lie strictly inside (0,1); normals come from Box–Muller on one counter block, both
/// outputs used, with FlowDsl's inlined log and sin/cos (<see cref="FlowDsl.Simd.VectorMath"/>) so that the vectorised
/// <see cref="CounterNormals"/> produces the very same numbers at every SIMD width.
/// </remarks>
public struct CounterRng
{
    private readonly uint _k0, _k1, _path, _step, _stream;
    private uint _block;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>The stream for (<paramref name="seed"/>, <paramref name="path"/>, <paramref name="step"/>, <paramref name="stream"/>).</summary>
    public CounterRng(ulong seed, uint path, uint step, uint stream)
    {
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _path = path;
        _step = step;
        _stream = stream;
        _block = 0;
        _spareNormal = 0;
        _hasSpare = false;
    }

    /// <summary>Two independent uniforms in (0,1) from the next counter block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double U1, double U2) NextUniformPair()
    {
        var (a, b, c, d) = Philox4x32.Generate(_k0, _k1, _block++, _step, _path, _stream);
        return (ToUnit(((ulong)a << 32) | b), ToUnit(((ulong)c << 32) | d));
    }

    /// <summary>One uniform in (0,1). Uses a whole counter block; prefer <see cref="NextUniformPair"/> in loops.</summary>
    public double NextUniform() => NextUniformPair().U1;

    /// <summary>One standard normal N(0,1).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        var (z0, z1) = NextNormalPair();
        _spareNormal = z1;
        _hasSpare = true;
        return z0;
    }

    /// <summary>Two independent standard normals: Box–Muller on one counter block, (r cos 2πu₂, r sin 2πu₂) with r = √(−2 ln u₁).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Z0, double Z1) NextNormalPair()
    {
        var (u1, u2) = NextUniformPair();
        PhiloxLanes.BoxMuller<ScalarOps, double>(u1, u2, out var z0, out var z1);
        return (z0, z1);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next standard normals of this stream — the same numbers as calling
    /// <see cref="NextNormal"/> repeatedly — using the vectorised <see cref="CounterNormals"/> for whole blocks.
    /// </summary>
    public void FillNormal(Span<double> destination)
    {
        if (destination.IsEmpty) return;
        if (_hasSpare)
        {
            destination[0] = NextNormal();
            destination = destination[1..];
        }
        var whole = destination.Length & ~1;
        CounterNormals.Fill(((ulong)_k1 << 32) | _k0, _path, _step, _stream, destination[..whole], _block);
        _block += (uint)(whole / 2);
        if (whole < destination.Length) destination[whole] = NextNormal();
    }

    /// <summary>Maps 64 random bits to a double in (0,1) with 52 random bits: (k + ½)·2⁻⁵² with k the top 52 bits.</summary>
    /// <remarks>Exact in double arithmetic, so the smallest value is 2⁻⁵³ and the largest 1 − 2⁻⁵³ (never 0 or 1).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnit(ulong bits) => ((bits >> 12) + 0.5) * (1.0 / (1UL << 52));
}
