using FlowDsl.Noise;

namespace FlowDsl.Tests.Noise;

/// <summary>
/// The SMF atom reductions M(dW) = Σⱼ dWʲDⱼ, m(dW) = Σⱼ dWʲeⱼ (<see cref="AtomReductions"/>): each entry is the plain
/// accumulation in atom order (an independent loop, bit for bit) at every length, vector and tail, and what is kept for
/// earlier increments never changes a result, whatever order the increments come in.
/// </summary>
public sealed class AtomReductionsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 27)]
    [InlineData(3, 5)]
    [InlineData(5, 81)]
    public void Reductions_have_the_bits_of_the_plain_atom_order_sum_in_any_call_order(int d, int atoms)
    {
        var random = new System.Random(7 * d + atoms);
        double[][] Rows(int length) => [.. Enumerable.Range(0, atoms).Select(_ => Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray())];
        var (matrices, offsets) = (Rows(d * d), Rows(d));
        var reductions = new AtomReductions(matrices, offsets, d);
        // 40 increments, among them one equal to another up to the sign of a zero (a different key), asked in a scrambled
        // order with repeats (a block's two passes, then one path at a time), more than the slots kept.
        var increments = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, atoms).Select(_ => random.NextDouble() - 0.5).ToArray()).ToList();
        increments[1][0] = 0.0;
        increments[2] = (double[])increments[1].Clone();
        increments[2][0] = -0.0;
        var order = Enumerable.Range(0, 8).Concat(Enumerable.Range(0, 8)).Concat(Enumerable.Range(0, 40).SelectMany(k => new[] { k, k, (k * 17) % 40 }));
        foreach (var k in order)
        {
            reductions.For(increments[k], out var matrix, out var offset);
            Assert.Equal(Bits(Plain(increments[k], matrices)), Bits(matrix.ToArray()));
            Assert.Equal(Bits(Plain(increments[k], offsets)), Bits(offset.ToArray()));
        }
    }

    // The reduction as SmfAtomNoise computed it before: entries cleared, then for each atom in order, entry += w·row.
    private static double[] Plain(double[] dW, double[][] rows)
    {
        var result = new double[rows[0].Length];
        for (var j = 0; j < dW.Length; j++)
            for (var i = 0; i < result.Length; i++) result[i] += dW[j] * rows[j][i];
        return result;
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
