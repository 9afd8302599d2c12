using FlowDsl.Noise;

namespace FlowDsl.Tests.Noise;

/// <summary>
/// The lane-drawn increments (<see cref="BrownianSteps"/>, <see cref="BrownianStepCache"/>) against the step-by-step
/// <see cref="BrownianSource.Increment"/>, which draws each fine step through its own scalar <c>CounterRng</c>: every bit equal.
/// </summary>
public sealed class BrownianStepsTests
{
    [Theory]
    [InlineData(1, 1, 7, false, 3)]
    [InlineData(1, 16, 8, false, 0)]
    [InlineData(2, 4, 13, true, 5)]
    [InlineData(3, 2, 11, true, 2)]
    [InlineData(5, 3, 9, false, 1)]
    [InlineData(4, 1, 37, true, 0)]
    public void Fill_equals_the_step_by_step_increments_bit_for_bit(int components, int finePerStep, int steps, bool antithetic, int first)
    {
        var source = new BrownianSource(0x1234_5678_9ABC_DEF0UL, 0.75, finePerStep * (first + steps) * 2, antithetic);
        var filled = new double[steps * components];
        var expected = new double[components];
        foreach (var path in new[] { 0, 1, 6, 41 })
            foreach (var stream in new uint[] { 0, 3 })
            {
                BrownianSteps.Fill(source, path, stream, first, finePerStep, steps, components, filled);
                for (var s = 0; s < steps; s++)
                {
                    source.Increment(path, stream, (first + s) * finePerStep, finePerStep, expected);
                    for (var j = 0; j < components; j++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(filled[s * components + j]));
                }
            }
    }

    [Fact]
    public void The_cache_serves_the_same_increments_across_chunks_paths_and_streams()
    {
        // 3 components and 2,000 steps: the 4,096-double chunks split the path, and switching stream refills.
        const int steps = 2_000, components = 3;
        var source = new BrownianSource(7, 1, 2 * steps, antithetic: true);
        var cache = new BrownianStepCache(source, 2, steps, components);
        var expected = new double[components];
        foreach (var (path, stream) in new[] { (5, 0u), (5, 1u), (6, 0u) })
            for (var s = 0; s < steps; s += s < 1_400 ? 97 : 1)
            {
                source.Increment(path, stream, 2 * s, 2, expected);
                Assert.Equal(expected, cache.Step(path, stream, s).ToArray());
            }
    }

    [Fact]
    public void Increments_have_the_variance_of_their_time_step()
    {
        // Var ΔW = h = T·f/fine: a check of the scale independent of the reference implementation (SE of a variance ≈ √(2/n)).
        const int steps = 4_000;
        var source = new BrownianSource(3, 2.0, 4 * steps, antithetic: false);
        var values = new double[steps * 2];
        BrownianSteps.Fill(source, 9, 0, 0, 4, steps, 2, values);
        var h = 2.0 * 4 / (4 * steps);
        var variance = values.Select(v => v * v).Average() / h;
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / values.Length), 1 + 5 * Math.Sqrt(2.0 / values.Length));
    }

    [Theory]
    [InlineData(1L << 30)] // everything kept
    [InlineData(3 * 8 * 64 * 5L)] // room for a few paths only: the rest are drawn as before
    public void Kept_normals_give_the_same_increments_whoever_reads_them_first(long maxBytes)
    {
        // An SGD reading 1 component, then an SME reading 3 and an SMF reading 2 of the same stream, at two step sizes.
        var source = new BrownianSource(21, 1, 64, antithetic: true);
        var kept = new BrownianNormalCache(21, 64, maxBytes);
        var expected = new double[3];
        foreach (var (components, finePerStep) in new[] { (1, 8), (3, 2), (2, 1), (3, 8) })
        {
            var cache = new BrownianStepCache(source, finePerStep, 64 / finePerStep, components, kept);
            for (var path = 0; path < 12; path++)
                for (var s = 0; s < 64 / finePerStep; s++)
                {
                    source.Increment(path, 0, s * finePerStep, finePerStep, expected.AsSpan(0, components));
                    Assert.Equal(expected.AsSpan(0, components).ToArray(), cache.Step(path, 0, s).ToArray());
                }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(27, 2)]
    [InlineData(27, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 16)]
    public void Sums_of_kept_normals_equal_the_step_by_step_increments_bit_for_bit(int components, int finePerStep)
    {
        // The whole fine grid's normals (FillNormals), summed from a step that is not the first, on both paths of an antithetic pair.
        const int fine = 96;
        var source = new BrownianSource(77, 1.5, fine, antithetic: true);
        var rows = new double[components * fine];
        var expected = new double[components];
        var steps = fine / finePerStep - 1;
        var increments = new double[steps * components];
        foreach (var path in new[] { 4, 5 })
        {
            BrownianSteps.FillNormals(source.Seed, BrownianSteps.Key(source, path), 2, 0, fine, 0, components, rows);
            BrownianSteps.Sum(rows, fine, BrownianSteps.Scale(source, path), 1, finePerStep, steps, components, increments);
            for (var s = 0; s < steps; s++)
            {
                source.Increment(path, 2, (1 + s) * finePerStep, finePerStep, expected);
                for (var j = 0; j < components; j++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(increments[s * components + j]));
            }
        }
    }

    [Fact]
    public void A_cache_of_other_paths_is_not_used()
    {
        var kept = new BrownianNormalCache(5, 64, 1L << 20);
        Assert.False(kept.Serves(new BrownianSource(6, 1, 64, false)));
        Assert.False(kept.Serves(new BrownianSource(5, 1, 128, false)));
        Assert.True(kept.Serves(new BrownianSource(5, 2, 64, true)));
    }
}
