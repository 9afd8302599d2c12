using FlowDsl.Random;

namespace FlowDsl.Tests.Laws;

public class ProductLawTests
{
    [Fact]
    public void SupportIsTheTensorProductOfTheFactorSupports()
    {
        var law = Law.Product(Law.Rademacher(), Law.Categorical([1.0, 2.0, 5.0], [0.5, 0.25, 0.25]));
        Assert.Equal(2, law.Dimension);
        var support = law.Support!;
        Assert.Equal(6, support.Count);
        Assert.Equal(1.0, support.Weights.Sum(), 15);
        for (var k = 0; k < support.Count; k++)
        {
            var expected = 0.5 * (support.Nodes[k][1] == 1.0 ? 0.5 : 0.25);
            Assert.Equal(expected, support.Weights[k], 15);
        }
        // E[θ₁² θ₂] = E θ₁² · E θ₂ by independence.
        Assert.Equal(1.0 * (0.5 + 0.5 + 1.25), support.Expectation(t => t[0] * t[0] * t[1]), 14);
    }

    [Fact]
    public void ExactQuadratureIsATensorRuleWhenEveryFactorHasOne()
    {
        double[] m = [1.0, -0.5];
        double[,] s = { { 1.0, 0.3 }, { 0.3, 0.5 } };
        var law = Law.Product(Law.Normal(m, s), Law.Uniform(0, 2), Law.Rademacher(3));
        var rule = law.ExactQuadrature(4)!;
        Assert.Equal(9 * 3 * 2, rule.Count);
        var p = PolynomialMoments.RandomPolynomial(4, 4, terms: 12, seed: 42);
        // Exact: expand over independent blocks — Gaussian moments for (0,1), uniform for 2, Rademacher for 3.
        var exact = p.Sum(t =>
        {
            var gaussian = PolynomialMoments.Gaussian(m, s, t.Indices.Where(i => i < 2).ToArray());
            var uniform = PolynomialMoments.Uniform([0.0], [2.0], t.Indices.Where(i => i == 2).Select(_ => 0).ToArray());
            var rademacherPower = t.Indices.Count(i => i == 3);
            var rademacher = rademacherPower % 2 == 0 ? Math.Pow(3, rademacherPower) : 0;
            return t.Coefficient * gaussian * uniform * rademacher;
        });
        Assert.Equal(exact, rule.Expectation(th => PolynomialMoments.Evaluate(p, th)), 10);
        Assert.Null(law.Support);
        Assert.Null(law.ExactQuadrature(4, maxNodes: 53));
    }

    [Fact]
    public void MeanAndCovarianceAreConcatenatedAndBlockDiagonal()
    {
        var law = Law.Product(Law.Normal([1.0, 2.0], new[,] { { 2.0, 0.5 }, { 0.5, 1.0 } }), Law.Uniform(0, 1));
        Assert.Equal([1.0, 2.0, 0.5], law.Mean!);
        var c = law.Covariance!;
        Assert.Equal(0.5, c[0, 1]);
        Assert.Equal(0.0, c[0, 2]);
        Assert.Equal(1.0 / 12, c[2, 2], 15);
        LawStatistics.AssertMeanAndCovariance(law, law.Mean!, c, 60_000, seed: 8);
    }

    [Fact]
    public void SamplingDrawsTheFactorsInOrderFromOneStream()
    {
        var normal = Law.Normal(2);
        var categorical = Law.Categorical([1.0, 2.0], [0.5, 0.5]);
        var law = Law.Product(normal, categorical);
        var a = new CounterRng(77, 3, 4, 5);
        var b = new CounterRng(77, 3, 4, 5);
        var product = new double[3];
        law.Sample(ref a, product);
        var first = new double[2];
        var second = new double[1];
        normal.Sample(ref b, first);
        categorical.Sample(ref b, second);
        Assert.Equal([.. first, .. second], product);
    }

    [Fact]
    public void InvalidFactorsAreNamed()
    {
        Assert.Equal("factors", Assert.Throws<ArgumentException>(() => Law.Product()).ParamName);
        Assert.Contains("Factor 1 is null", Assert.Throws<ArgumentException>(() => Law.Product(Law.Normal(1), null!)).Message);
        Assert.Contains("length 3", Assert.Throws<ArgumentException>(() =>
        {
            var rng = new CounterRng(1, 0, 0, 0);
            Law.Product(Law.Normal(1), Law.Normal(1)).Sample(ref rng, new double[3]);
        }).Message);
    }
}
