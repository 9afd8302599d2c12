namespace FlowDsl.Tests.Laws;

public class UniformLawTests
{
    private static readonly double[] Lo = [-1.0, 0.5];
    private static readonly double[] Hi = [2.0, 0.75];

    [Fact]
    public void SamplesHaveTheStatedMeanAndCovarianceAndStayInTheBox()
    {
        var law = Law.Uniform(Lo, Hi);
        Assert.Equal([0.5, 0.625], law.Mean);
        var c = law.Covariance;
        Assert.Equal(9.0 / 12, c[0, 0], 15);
        Assert.Equal(0.0625 / 12, c[1, 1], 15);
        Assert.Equal(0.0, c[0, 1]);
        LawStatistics.AssertMeanAndCovariance(law, law.Mean, c, count: 100_000, seed: 5);
        var rng = new global::FlowDsl.Random.CounterRng(1, 0, 0, 0);
        var theta = new double[2];
        for (var n = 0; n < 1000; n++)
        {
            law.Sample(ref rng, theta);
            Assert.InRange(theta[0], -1.0, 2.0);
            Assert.InRange(theta[1], 0.5, 0.75);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    public void QuadratureIsExactOnRandomPolynomialsOfTheDegree(int degree)
    {
        var rule = Law.Uniform(Lo, Hi).ExactQuadrature(degree)!;
        Assert.Equal((degree + 2) / 2 * ((degree + 2) / 2), rule.Count);
        for (var seed = 0; seed < 5; seed++)
        {
            var p = PolynomialMoments.RandomPolynomial(2, degree, terms: 8, seed: 7 * degree + seed);
            var exact = p.Sum(t => t.Coefficient * PolynomialMoments.Uniform(Lo, Hi, t.Indices));
            var scale = p.Sum(t => Math.Abs(t.Coefficient) * Math.Pow(2, t.Indices.Length));
            Assert.True(Math.Abs(rule.Expectation(th => PolynomialMoments.Evaluate(p, th)) - exact) <= 1e-13 * scale, $"degree {degree}, seed {seed}");
        }
    }

    [Fact]
    public void ScalarBoxFactoryRepeatsTheSide()
    {
        var law = Law.Uniform(0, 1, dimension: 3);
        Assert.Equal(3, law.Dimension);
        Assert.Null(law.ExactQuadrature(5, maxNodes: 26));
        Assert.Equal(27, law.ExactQuadrature(5, maxNodes: 27)!.Count);
    }

    [Fact]
    public void InvalidBoxesAreNamed()
    {
        Assert.Contains("lower end must be below", Assert.Throws<ArgumentException>(() => Law.Uniform(1, 1)).Message);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => Law.Uniform([0.0], [1.0, 2.0])).ParamName);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Law.Uniform(0, double.PositiveInfinity)).Message);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Law.Uniform(0, 1, 0)).ParamName);
    }
}
