using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Random;

/// <summary>The opt-in per-lane xoshiro256+ normals: N(0,1) at every width, reproducible for the same seed and width.</summary>
public class LaneStreamNormalsTests
{
    public static TheoryData<SimdWidth> Widths => CounterNormalsTests.Widths;

    [Theory, MemberData(nameof(Widths))]
    public void Normals_have_standard_normal_moments_and_tails(SimdWidth width)
    {
        var z = new double[4_000_003];
        var generator = new LaneStreamNormals(2024, width);
        generator.Fill(z.AsSpan(0, 1_000_001));   // odd lengths exercise the partial last vector
        generator.Fill(z.AsSpan(1_000_001));
        NormalMomentChecks.AssertStandardNormal(z);
    }

    [Theory, MemberData(nameof(Widths))]
    public void Same_seed_and_width_reproduce(SimdWidth width)
    {
        var a = new double[999];
        var b = new double[999];
        new LaneStreamNormals(77, width).Fill(a);
        new LaneStreamNormals(77, width).Fill(b);
        Assert.Equal(a, b);
    }
}
