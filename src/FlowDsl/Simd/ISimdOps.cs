using System.Runtime.CompilerServices;

namespace FlowDsl.Simd;

/// <summary>
/// The lane operations one SIMD width provides (public so generated lane kernels can be written once, generic over the width), so that each algorithm (vector math, Philox, Box–Muller, fused steppers)
/// is written once and instantiated for <see cref="double"/>, <c>Vector256&lt;double&gt;</c> and <c>Vector512&lt;double&gt;</c>.
/// Every operation is a single correctly rounded IEEE operation (or exact bit manipulation) with the same meaning at every
/// width, so the same algorithm gives bit-identical lanes at every width.
/// </summary>
/// <remarks>
/// Masks are vectors whose lanes are all-ones or all-zeros bits. "Bits" operations treat a lane as an unsigned 64-bit
/// integer. <c>ISimdVector</c> is internal in .NET 10, hence this small interface of our own.
/// </remarks>
/// <typeparam name="TVec">The lane container.</typeparam>
public interface ISimdOps<TVec> where TVec : struct
{
    /// <summary>Number of double lanes.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes equal to <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(double value);
    /// <summary>All lanes with the bit pattern <paramref name="bits"/>.</summary>
    static abstract TVec BroadcastBits(ulong bits);
    /// <summary>Lane i = <paramref name="start"/> + i as an integer bit pattern.</summary>
    static abstract TVec IotaBits(ulong start);

    /// <summary>Loads <see cref="Count"/> doubles from <paramref name="source"/>.</summary>
    static abstract TVec Load(ref readonly double source);
    /// <summary>Stores the lanes to <paramref name="destination"/>.</summary>
    static abstract void Store(TVec value, ref double destination);
    /// <summary>Stores <c>e0, o0, e1, o1, …</c> (2·<see cref="Count"/> doubles).</summary>
    static abstract void StoreInterleaved(TVec even, TVec odd, ref double destination);

    /// <summary>a + b.</summary>
    static abstract TVec Add(TVec a, TVec b);
    /// <summary>a − b.</summary>
    static abstract TVec Sub(TVec a, TVec b);
    /// <summary>a · b.</summary>
    static abstract TVec Mul(TVec a, TVec b);
    /// <summary>a / b.</summary>
    static abstract TVec Div(TVec a, TVec b);
    /// <summary>a · b + c with one rounding.</summary>
    static abstract TVec Fma(TVec a, TVec b, TVec c);
    /// <summary>√a.</summary>
    static abstract TVec Sqrt(TVec a);
    /// <summary>Round to the nearest integer, ties to even.</summary>
    static abstract TVec Round(TVec a);

    /// <summary>Mask of a &lt; b.</summary>
    static abstract TVec LessThan(TVec a, TVec b);
    /// <summary>Mask of a &gt; b.</summary>
    static abstract TVec GreaterThan(TVec a, TVec b);
    /// <summary>Mask of a == b (false for NaN).</summary>
    static abstract TVec EqualTo(TVec a, TVec b);
    /// <summary>True when every lane of <paramref name="mask"/> is all-ones.</summary>
    static abstract bool AllTrue(TVec mask);
    /// <summary>Lane-wise <c>mask ? a : b</c>.</summary>
    static abstract TVec Select(TVec mask, TVec a, TVec b);

    /// <summary>Bitwise and.</summary>
    static abstract TVec And(TVec a, TVec b);
    /// <summary>Bitwise or.</summary>
    static abstract TVec Or(TVec a, TVec b);
    /// <summary>Bitwise exclusive or.</summary>
    static abstract TVec Xor(TVec a, TVec b);
    /// <summary>64-bit integer addition of the bit patterns (wrapping).</summary>
    static abstract TVec AddBits(TVec a, TVec b);
    /// <summary>64-bit shift left.</summary>
    static abstract TVec ShiftLeft(TVec a, byte count);
    /// <summary>64-bit logical shift right.</summary>
    static abstract TVec ShiftRight(TVec a, byte count);
    /// <summary>The full 64-bit product of the low 32 bits of each lane of a and b.</summary>
    static abstract TVec MultiplyLow32(TVec a, TVec b);
    /// <summary>64-bit integer product of the bit patterns, low 64 bits (wrapping; <c>vpmullq</c> with AVX-512DQ).</summary>
    static abstract TVec MultiplyBits(TVec a, TVec b);
}
