using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Random;

/// <summary>
/// The default counter-based normals of the fused drivers (math.md §8): a keyed bijection of a unique 64-bit counter,
/// x = mix(mix(c ⊕ k₀) ⊕ k₁) with mix SplitMix64's output function, written once over <see cref="ISimdOps{TVec}"/> so
/// every width gives the same bits. Four 64-bit multiplies per 64 random bits (Philox4x32-10: ten 32-bit ones per 64 bits
/// and twice the other work; <c>vpmullq</c> on AVX-512).
/// </summary>
/// <remarks>
/// The counter of uniform j ∈ {0, 1} of particle p at step pair q is c = q·2³² + 2p + j (p &lt; 2³¹, q &lt; 2³¹): distinct
/// for every (particle, step pair, j), so within one key the 64-bit outputs never repeat. The key (k₀, k₁) is a SplitMix64
/// chain of (seed, path, stream), so different streams are different keyed permutations.
/// </remarks>
internal static class MixLanes
{
    private const ulong Mul1 = 0xBF58476D1CE4E5B9UL, Mul2 = 0x94D049BB133111EBUL;

    /// <summary>SplitMix64's output function (Stafford's Mix13): z ← (z ⊕ z≫30)·M₁, z ← (z ⊕ z≫27)·M₂, z ⊕ z≫31. A bijection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Mix<TOps, TVec>(TVec z) where TOps : ISimdOps<TVec> where TVec : struct
    {
        z = TOps.MultiplyBits(TOps.Xor(z, TOps.ShiftRight(z, 30)), TOps.BroadcastBits(Mul1));
        z = TOps.MultiplyBits(TOps.Xor(z, TOps.ShiftRight(z, 27)), TOps.BroadcastBits(Mul2));
        return TOps.Xor(z, TOps.ShiftRight(z, 31));
    }

    /// <summary>The key (k₀, k₁) of (seed, path, stream): SplitMix64 of the seed, xor the path, SplitMix64, xor the stream, two more outputs.</summary>
    public static (ulong K0, ulong K1) Key(ulong seed, uint path, uint stream)
    {
        var state = seed;
        state = LaneStreamNormals.SplitMix64(ref state) ^ path;
        state = LaneStreamNormals.SplitMix64(ref state) ^ stream;
        var k0 = LaneStreamNormals.SplitMix64(ref state);
        return (k0, LaneStreamNormals.SplitMix64(ref state));
    }

    /// <summary>
    /// The two normals of each lane at one step pair: Box–Muller (<see cref="PhiloxLanes.BoxMuller{TOps, TVec}"/>)
    /// on the uniforms of counters 2p and 2p + 1 (the pair folded into <paramref name="pairKey"/>).
    /// </summary>
    /// <param name="twiceParticle">2p per lane.</param>
    /// <param name="pairKey">k₀ ⊕ pair·2³², broadcast (the step pair's bits of the counter, folded into the first key).</param>
    /// <param name="k1">k₁, broadcast.</param>
    /// <param name="z0">The normal of the even step.</param>
    /// <param name="z1">The normal of the odd step.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalPairs<TOps, TVec>(TVec twiceParticle, TVec pairKey, TVec k1, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var c0 = TOps.Xor(twiceParticle, pairKey); // 2p < 2³² does not reach the pair's bits, so ⊕ is the same as +
        var c1 = TOps.Xor(c0, TOps.BroadcastBits(1UL));
        var x0 = Mix<TOps, TVec>(TOps.Xor(Mix<TOps, TVec>(c0), k1));
        var x1 = Mix<TOps, TVec>(TOps.Xor(Mix<TOps, TVec>(c1), k1));
        BoxMuller<TOps, TVec>(x0, x1, out z0, out z1);
    }

    /// <summary>
    /// Box–Muller on 128 random bits with the angle drawn by quadrant symmetry (math.md §8): u = (n + ½)·2⁻⁵² from the top 52
    /// bits of <paramref name="radiusBits"/>, ρ = √(−ln u) = √(−2 ln u)/√2; ψ = (t − ½ + 2⁻⁵³)·π/2 from the top 52 bits t·2⁵²
    /// of <paramref name="angleBits"/>, uniform on [−π/4, π/4], so φ = π/4 + ψ is uniform on [0, π/2] and
    /// (cos φ, sin φ) = ((cos ψ − sin ψ), (cos ψ + sin ψ))/√2; bits 0 and 1 of <paramref name="angleBits"/> reflect the point
    /// into a uniform quadrant: z₀ = ±ρ(cos ψ − sin ψ), z₁ = ±ρ(cos ψ + sin ψ) is √(−2 ln u)·(cos θ, sin θ) with θ uniform on [0, 2π).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller<TOps, TVec>(TVec radiusBits, TVec angleBits, out TVec z0, out TVec z1)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var rho = TOps.Sqrt(TOps.Sub(TOps.Broadcast(0.0), VectorMathCore.LogOfUnit<TOps, TVec>(ToUnit<TOps, TVec>(radiusBits))));
        var oneToTwo = TOps.Or(TOps.ShiftRight(angleBits, 12), TOps.BroadcastBits(0x3FF0_0000_0000_0000UL));
        var psi = TOps.Mul(TOps.Sub(oneToTwo, TOps.Broadcast(1.5 - 1.0 / (1UL << 53))), TOps.Broadcast(Math.PI / 2));
        VectorMathCore.SinCosSmall<TOps, TVec>(psi, out var sin, out var cos);
        var sign0 = TOps.ShiftLeft(angleBits, 63);
        var sign1 = TOps.And(TOps.ShiftLeft(angleBits, 62), TOps.BroadcastBits(0x8000_0000_0000_0000UL));
        z0 = TOps.Mul(TOps.Xor(rho, sign0), TOps.Sub(cos, sin));
        z1 = TOps.Mul(TOps.Xor(rho, sign1), TOps.Add(cos, sin));
    }

    /// <summary>(n + ½)·2⁻⁵² from the top 52 bits n of <paramref name="bits"/>, exactly as <see cref="CounterRng.ToUnit"/>: in [2⁻⁵³, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ToUnit<TOps, TVec>(TVec bits) where TOps : ISimdOps<TVec> where TVec : struct =>
        TOps.Sub(TOps.Or(TOps.ShiftRight(bits, 12), TOps.BroadcastBits(0x3FF0_0000_0000_0000UL)), TOps.Broadcast(1.0 - 1.0 / (1UL << 53)));
}
