using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// <see cref="FixedOrderReductions"/>: every width (Vector512, Vector256, Vector128, scalar; the vector types run in software
/// where the hardware lacks them, with the same IEEE operations) gives the same bits, and the sums are accurate.
/// </summary>
public sealed class FixedOrderReductionsTests
{
    private delegate double DotPath(ReadOnlySpan<double> a, ReadOnlySpan<double> b);
    private delegate double SumPath(ReadOnlySpan<double> x);

    private static readonly DotPath[] DotPaths =
        [FixedOrderReductions.Dot, FixedOrderReductions.Dot512, FixedOrderReductions.Dot256, FixedOrderReductions.Dot128, FixedOrderReductions.DotScalar];
    private static readonly SumPath[] SumPaths =
        [FixedOrderReductions.Sum, FixedOrderReductions.Sum512, FixedOrderReductions.Sum256, FixedOrderReductions.Sum128, FixedOrderReductions.SumScalar];

    // Lengths 0..100 cover every tail (n mod 32 = 0..31, so 0–3 blocks of 8 and 0–7 single terms); 784 is the MNIST row.
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 101).Concat([784, 1000])];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryWidthGivesTheSameBitsAndTheErrorIsWithinTheBound(int n)
    {
        var random = new System.Random(1000 + n);
        // Mixed signs and magnitudes spread over 2⁻²⁰…2²⁰, so different groupings round differently.
        double Draw() => (random.NextDouble() - 0.5) * Math.ScaleB(1, random.Next(-20, 21));
        var a = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();

        var dots = DotPaths.Select(p => BitConverter.DoubleToInt64Bits(p(a, b))).Distinct().ToArray();
        var sums = SumPaths.Select(p => BitConverter.DoubleToInt64Bits(p(a))).Distinct().ToArray();
        Assert.Single(dots);
        Assert.Single(sums);

        // Against a compensated dot product (error-free products and sums, Ogita–Rump–Oishi Dot2: as if in twice the
        // precision, its own error ≤ ε|Σ| + O(n²ε²)Σ|aᵢbᵢ|): |computed − reference| ≤ n·ε·Σ|aᵢbᵢ| + ε|reference|, ε = 2⁻⁵³.
        var ε = Math.ScaleB(1, -53);
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        foreach (var (x, y) in new[] { (a, b), (a, ones) })
        {
            var (reference, magnitude) = CompensatedDot(x, y);
            var computed = ReferenceEquals(y, ones) ? FixedOrderReductions.Sum(x) : FixedOrderReductions.Dot(x, y);
            Assert.InRange(Math.Abs(computed - reference), 0, n * ε * magnitude + ε * Math.Abs(reference));
        }
    }

    private static (double Value, double Magnitude) CompensatedDot(double[] a, double[] b)
    {
        var (s, c, magnitude) = (0.0, 0.0, 0.0);
        for (var i = 0; i < a.Length; i++)
        {
            var p = a[i] * b[i];
            var pe = Math.FusedMultiplyAdd(a[i], b[i], -p);
            var t = s + p;
            var z = t - s;
            var se = (s - (t - z)) + (p - z);
            s = t;
            c += pe + se;
            magnitude += Math.Abs(p);
        }
        return (s + c, magnitude);
    }

    [Fact]
    public void TheOrderIsTheDocumentedOne()
    {
        // 1 + 2⁻⁵³ rounds to 1, but 2⁻⁵³ + 2⁻⁵³ = 2⁻⁵² survives: which terms meet first decides the result.
        // n = 64 + 8 + 1: term 0 is 1; terms 32 and 64 are 2⁻⁵³ and land in the same partial sum s₀ (32q + 8c + k with k = 0),
        // so s₀ = (1 + 2⁻⁵³) + 2⁻⁵³ = 1 (each addition rounds back to 1), and the final single term 72 adds 2⁻⁵³ to 1 again: 1.
        // Putting the two small terms in s₁ instead (indices 33 and 65) gives s₁ = 2⁻⁵², and 1 + 2⁻⁵² survives the fold.
        var tiny = Math.ScaleB(1, -53);
        var x = new double[73];
        x[0] = 1;
        x[32] = tiny;
        x[64] = tiny;
        x[72] = tiny;
        var y = new double[73];
        y[0] = 1;
        y[33] = tiny;
        y[65] = tiny;
        foreach (var sum in SumPaths)
        {
            Assert.Equal(1.0, sum(x));
            Assert.Equal(1 + 2 * tiny, sum(y));
        }
    }

    [Fact]
    public void FewerThanEightTermsAreOneFusedChainFromPositiveZero()
    {
        // Below 8 terms the 32 partial sums stay +0 and fold to +0, so every width reduces to step 4 alone:
        // s = fma(a₀, b₀, +0), then s = fma(aᵢ, bᵢ, s) in index order (written out here, not taken from the code).
        var random = new System.Random(7);
        for (var n = 0; n < 8; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * Math.ScaleB(1, random.Next(-30, 31))).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * Math.ScaleB(1, random.Next(-30, 31))).ToArray();
            var (dot, sum) = (0.0, 0.0);
            for (var i = 0; i < n; i++)
            {
                dot = Math.FusedMultiplyAdd(a[i], b[i], dot);
                sum += a[i];
            }
            foreach (var path in DotPaths) Assert.Equal(BitConverter.DoubleToInt64Bits(dot), BitConverter.DoubleToInt64Bits(path(a, b)));
            foreach (var path in SumPaths) Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(path(a)));
        }
        // Signed zeros: −0 terms added to the +0 start give +0 on every path (a chain started from −0 would keep −0).
        double[] negativeZeros = [-0.0, -0.0, -0.0];
        foreach (var path in SumPaths) Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(path(negativeZeros)));
        foreach (var path in DotPaths) Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(path(negativeZeros, [1.0, 2.0, 3.0])));
    }

    [Fact]
    public void DifferentLengthsAreRefused() =>
        Assert.Throws<ArgumentException>(() => FixedOrderReductions.Dot(new double[3], new double[4]));
}
