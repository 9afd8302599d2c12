using System.Runtime.CompilerServices;

namespace FlowDsl.Random;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon et al., SC'11): a keyed bijection of a 128-bit counter.
/// The same (key, counter) always gives the same four words, on any thread and at any SIMD width.
/// </summary>
public static class Philox4x32
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Ten Philox rounds of counter (c0..c3) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint, uint, uint, uint) Generate(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3)
    {
        for (var round = 0; round < 10; round++)
        {
            var p0 = (ulong)M0 * c0;
            var p1 = (ulong)M1 * c2;
            var n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            var n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint)p1;
            c2 = n2;
            c3 = (uint)p0;
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }
}
