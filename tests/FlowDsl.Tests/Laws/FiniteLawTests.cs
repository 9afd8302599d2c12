using FlowDsl.Random;

namespace FlowDsl.Tests.Laws;

public class FiniteLawTests
{
    [Fact]
    public void RademacherHasClosedFormMomentsAndSupport()
    {
        var law = Law.Rademacher(scale: 2.0);
        Assert.Equal([0.0], law.Mean);
        Assert.Equal(4.0, law.Covariance[0, 0]);
        Assert.Equal([0.5, 0.5], law.Support.Weights);
        Assert.Same(law.Support.GetType(), law.ExactQuadrature(17)!.GetType());
        LawStatistics.AssertMeanAndCovariance(law, [0.0], new[,] { { 4.0 } }, 50_000, seed: 3);
    }

    [Fact]
    public void CategoricalSamplesEachValueWithItsProbability()
    {
        double[] values = [-1.0, 0.0, 3.0, 3.0];
        double[] p = [0.2, 0.0, 0.5, 0.3];
        var law = Law.Categorical(values, p);
        const int n = 100_000;
        var counts = new int[values.Length];
        for (var j = 0; j < n; j++)
        {
            var rng = new CounterRng(9, (uint)j, 0, 0);
            counts[law.SampleIndex(ref rng)]++;
        }
        Assert.Equal(0, counts[1]);
        for (var k = 0; k < values.Length; k++)
        {
            var indicator = Enumerable.Range(0, n).Select(j => j < counts[k] ? 1.0 : 0.0).ToArray();
            LawStatistics.AssertZ(indicator, p[k], $"P(index {k})");
        }
        var mean = -0.2 + 2.4;
        Assert.Equal(mean, law.Mean[0], 14);
        Assert.Equal(0.2 * 1 + 0.8 * 9 - mean * mean, law.Covariance[0, 0], 13);
        Assert.Equal(values, law.Values);
    }

    [Fact]
    public void CategoricalRejectsBadProbabilities()
    {
        Assert.Contains("sum to", Assert.Throws<ArgumentException>(() => Law.Categorical([1.0, 2.0], [0.5, 0.6])).Message);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => Law.Categorical([1.0, 2.0], [1.5, -0.5])).ParamName);
        Assert.Contains("2 weights for 3 atoms", Assert.Throws<ArgumentException>(() => Law.Categorical([1.0, 2.0, 3.0], [0.5, 0.5])).Message);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Law.Categorical([], [])).ParamName);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Law.Categorical([double.NaN], [1.0])).Message);
    }

    [Fact]
    public void EmpiricalLawNormalisesRelativeWeights()
    {
        double[][] atoms = [[1.0, 2.0], [3.0, -1.0], [0.0, 0.0]];
        var law = Law.Empirical(atoms, [1.0, 2.0, 1.0]);
        Assert.Equal([0.25, 0.5, 0.25], law.Support.Weights);
        Assert.Equal([1.75, 0.0], law.Mean);
        // Independent check of the covariance: Σⱼ pⱼ θⱼθⱼᵀ − m mᵀ.
        var c = law.Covariance;
        Assert.Equal(0.25 * 1 + 0.5 * 9 - 1.75 * 1.75, c[0, 0], 14);
        Assert.Equal(0.25 * 2 + 0.5 * -3 - 0.0, c[0, 1], 14);
        Assert.Equal(0.25 * 4 + 0.5 * 1, c[1, 1], 14);
        LawStatistics.AssertMeanAndCovariance(law, law.Mean, c, 60_000, seed: 21);

        var uniform = Law.Empirical(atoms);
        Assert.All(uniform.Support.Weights, w => Assert.Equal(1.0 / 3, w, 15));
        atoms[0][0] = 99; // the law copied its atoms
        Assert.Equal(1.0, uniform.Atom(0)[0]);
    }

    [Fact]
    public void EmpiricalLawRejectsBadData()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Law.Empirical([])).Message);
        Assert.Contains("Atom 1 has length 1; atom 0 has length 2", Assert.Throws<ArgumentException>(() => Law.Empirical([[1.0, 2.0], [1.0]])).Message);
        Assert.Contains("non-finite coordinate 1", Assert.Throws<ArgumentException>(() => Law.Empirical([[1.0, double.NaN]])).Message);
        Assert.Contains("Weight 0 is -1", Assert.Throws<ArgumentException>(() => Law.Empirical([[1.0], [2.0]], [-1.0, 2.0])).Message);
        Assert.Contains("sum to 0", Assert.Throws<ArgumentException>(() => Law.Empirical([[1.0], [2.0]], [0.0, 0.0])).Message);
    }

    [Fact]
    public void SupportIsAnExactRuleForAnyDegreeWithinTheBudget()
    {
        var law = Law.Empirical([[1.0], [2.0], [4.0]]);
        Assert.Equal(3, law.ExactQuadrature(50)!.Count);
        Assert.Null(law.ExactQuadrature(2, maxNodes: 2));
        Assert.Equal((1 + 16 + 256) / 3.0, law.Support.Expectation(t => Math.Pow(t[0], 4)), 12);
    }
}
