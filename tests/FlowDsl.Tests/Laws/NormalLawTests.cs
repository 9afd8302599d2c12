namespace FlowDsl.Tests.Laws;

public class NormalLawTests
{
    private static readonly double[] M = [0.5, -1.0, 2.0];
    private static readonly double[,] S = { { 2.0, 0.6, -0.3 }, { 0.6, 1.0, 0.2 }, { -0.3, 0.2, 0.5 } };

    [Fact]
    public void SamplesHaveTheStatedMeanAndCovariance() =>
        LawStatistics.AssertMeanAndCovariance(Law.Normal(M, S), M, S, count: 100_000, seed: 11);

    [Fact]
    public void MeanAndCovarianceAreTheParameters()
    {
        var law = Law.Normal(M, S);
        Assert.Equal(M, law.Mean);
        Assert.Equal(S, law.Covariance);
        Law asLaw = law;
        Assert.Equal(M, asLaw.Mean);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void QuadratureIsExactOnRandomPolynomialsOfTheDegree(int degree)
    {
        var law = Law.Normal(M, S);
        var rule = law.ExactQuadrature(degree)!;
        var q = (degree + 2) / 2;
        Assert.Equal((int)Math.Pow(q, 3), rule.Count);
        Assert.Equal(1.0, rule.Weights.Sum(), 14);
        for (var seed = 0; seed < 5; seed++)
        {
            var p = PolynomialMoments.RandomPolynomial(3, degree, terms: 8, seed: 100 * degree + seed);
            var exact = p.Sum(t => t.Coefficient * PolynomialMoments.Gaussian(M, S, t.Indices));
            // Size of a typical term: |c|·Πᵢ(|mᵢ| + 2√Sᵢᵢ); the rule must be exact to rounding relative to it.
            var scale = p.Sum(t => Math.Abs(t.Coefficient) * t.Indices.Aggregate(1.0, (a, i) => a * (Math.Abs(M[i]) + 2 * Math.Sqrt(S[i, i]))));
            Assert.True(Math.Abs(rule.Expectation(th => PolynomialMoments.Evaluate(p, th)) - exact) <= 1e-12 * Math.Max(1, scale),
                $"degree {degree}, seed {seed}: {rule.Expectation(th => PolynomialMoments.Evaluate(p, th))} vs {exact}");
        }
    }

    [Fact]
    public void QuadratureIsNotExactOneDegreeAbove()
    {
        // A q-point Gauss–Hermite rule misses E z^{2q} (= (2q−1)!!): the rule is as small as claimed, not larger.
        var rule = Law.Normal(1).ExactQuadrature(3)!; // q = 2
        Assert.Equal(2, rule.Count);
        Assert.NotEqual(3.0, rule.Expectation(z => Math.Pow(z[0], 4)), 6);
    }

    [Fact]
    public void QuadratureRespectsTheNodeBudget()
    {
        var law = Law.Normal(M, S);
        Assert.Null(law.ExactQuadrature(4, maxNodes: 26)); // 3³ = 27 nodes needed
        Assert.NotNull(law.ExactQuadrature(4, maxNodes: 27));
        Assert.Throws<ArgumentOutOfRangeException>(() => law.ExactQuadrature(-1));
    }

    [Fact]
    public void HighOrderHermiteRuleMatchesDoubleFactorialMoments()
    {
        var rule = Law.Normal(1).ExactQuadrature(40)!; // 21 points
        double doubleFactorial = 1;
        for (var k = 2; k <= 40; k += 2)
        {
            doubleFactorial *= k - 1;
            Assert.True(Math.Abs(rule.Expectation(z => Math.Pow(z[0], k)) / doubleFactorial - 1) < 1e-12, $"E z^{k}");
        }
    }

    [Fact]
    public void InvalidArgumentsAreNamed()
    {
        Assert.Contains("covariance", Assert.Throws<ArgumentException>(() => Law.Normal([0.0, 0.0], new double[3, 3])).Message);
        Assert.Equal("covariance", Assert.Throws<ArgumentException>(() => Law.Normal([0.0, 0.0], new[,] { { 1.0, 2.0 }, { 0.0, 1.0 } })).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => Law.Normal([double.NaN], new[,] { { 1.0 } })).ParamName);
        Assert.Contains("positive semi-definite", Assert.Throws<ArgumentException>(() => Law.Normal([0.0, 0.0], new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } })).Message);
    }
}
