using System.Runtime.Intrinsics;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Random;

/// <summary>Philox4x32-10 against the Random123 known-answer vectors (kat_vectors), scalar and lane versions.</summary>
public class PhiloxKnownAnswerTests
{
    public static TheoryData<uint[], uint[], uint[]> Vectors => new()
    {
        { new uint[] { 0, 0, 0, 0 }, new uint[] { 0, 0 }, new uint[] { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
        { new uint[] { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff }, new uint[] { 0xffffffff, 0xffffffff }, new uint[] { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
        { new uint[] { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 }, new uint[] { 0xa4093822, 0x299f31d0 }, new uint[] { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
    };

    [Theory, MemberData(nameof(Vectors))]
    public void Scalar_matches_Random123(uint[] counter, uint[] key, uint[] expected)
    {
        var (a, b, c, d) = Philox4x32.Generate(key[0], key[1], counter[0], counter[1], counter[2], counter[3]);
        Assert.Equal(expected, new[] { a, b, c, d });
    }

    [Theory, MemberData(nameof(Vectors))]
    public void Vector512_lanes_match_Random123(uint[] counter, uint[] key, uint[] expected)
    {
        PhiloxLanes.Generate<V512Ops, Vector512<double>>(key[0], key[1], Vector512.Create((ulong)counter[0]).AsDouble(),
            counter[1], counter[2], counter[3], out var a, out var b, out var c, out var d);
        for (var lane = 0; lane < 8; lane++)
            Assert.Equal(expected, new[] { a, b, c, d }.Select(v => (uint)v.AsUInt64().GetElement(lane)).ToArray());
    }

    [Theory, MemberData(nameof(Vectors))]
    public void Vector256_lanes_match_Random123(uint[] counter, uint[] key, uint[] expected)
    {
        PhiloxLanes.Generate<V256Ops, Vector256<double>>(key[0], key[1], Vector256.Create((ulong)counter[0]).AsDouble(),
            counter[1], counter[2], counter[3], out var a, out var b, out var c, out var d);
        for (var lane = 0; lane < 4; lane++)
            Assert.Equal(expected, new[] { a, b, c, d }.Select(v => (uint)v.AsUInt64().GetElement(lane)).ToArray());
    }
}
