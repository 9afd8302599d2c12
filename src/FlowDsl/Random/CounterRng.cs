using System.Runtime.CompilerServices;

namespace FlowDsl.Random;

/// <summary>
/// A reproducible random stream keyed by (seed, path, step, stream): the draws of path p at step i in stream s
/// are a pure function of those four numbers (Philox4x32-10), so results do not depend on thread count,
/// scheduling or SIMD width. A mutable struct: pass it by <c>ref</c>.
/// </summary>
/// <remarks>
/// Uniforms have 53 random bits and lie in (0,1); normals come from Box–Muller, both outputs used.
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

    /// <summary>Two independent standard normals (Box–Muller on one counter block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Z0, double Z1) NextNormalPair()
    {
        var (u1, u2) = NextUniformPair();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        return (r * cos, r * sin);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard normals.</summary>
    public void FillNormal(Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = NextNormal();
    }

    /// <summary>Maps 64 random bits to a double in (0,1) with 53 random bits: (k + ½)·2⁻⁵³.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnit(ulong bits) => ((bits >> 11) + 0.5) * (1.0 / (1UL << 53));
}
