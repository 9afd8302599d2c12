using FlowDsl.Models;
using FlowDsl.Network;
using FlowDsl.Random;

namespace FlowDsl.Tests.Network;

/// <summary>SGD batches built from Gaussian increments have exactly the multinomial law of B uniform draws with replacement.</summary>
public class CoupledBatchTests
{
    [Fact]
    public void CountsHaveTheMultinomialMeanAndCovariance()
    {
        const int n = 6, batch = 3, draws = 40_000;
        var data = new DataRows(NetworkFlowExactnessTests.Rows, LinearRegression.Layout.DataCount);
        Assert.Equal(n, data.Count);
        var sgd = new MinibatchSgd<LinearRegression>(data, batch);
        var xi = new double[n];
        var counts = new double[draws, n];
        for (var r = 0; r < draws; r++)
        {
            var rng = new CounterRng(7, (uint)r, 0, 0);
            rng.FillNormal(xi);
            sgd.DrawCoupled(xi);
            Assert.Equal(batch, sgd.Counts.Sum(c => c.Count));
            foreach (var (atom, count) in sgd.Counts) counts[r, atom] = count;
        }
        // Multinomial(B; 1/N…): E c = B/N, Var c = B(1/N)(1 − 1/N), Cov(cⱼ, cₖ) = −B/N².
        for (var j = 0; j < n; j++)
            for (var k = j; k < n; k++)
            {
                var (mj, mk) = (Mean(counts, j), Mean(counts, k));
                var products = Enumerable.Range(0, draws).Select(r => (counts[r, j] - mj) * (counts[r, k] - mk)).ToArray();
                var cov = products.Average();
                var se = Math.Sqrt(products.Select(p => (p - cov) * (p - cov)).Sum() / (draws - 1) / draws);
                var expected = j == k ? batch * (1.0 / n) * (1 - 1.0 / n) : -batch / (double)(n * n);
                Assert.True(Math.Abs(cov - expected) < 4.5 * se, $"Cov(c{j}, c{k}) = {cov:G4}, expected {expected:G4} ± {se:G2}");
            }
        for (var j = 0; j < n; j++)
        {
            var se = Math.Sqrt(batch * (1.0 / n) * (1 - 1.0 / n) / draws);
            Assert.True(Math.Abs(Mean(counts, j) - batch / (double)n) < 4.5 * se, $"E c{j} = {Mean(counts, j):G4}");
        }
    }

    [Fact]
    public void CountsIncreaseWithTheirIncrement()
    {
        var data = new DataRows(NetworkFlowExactnessTests.Rows, LinearRegression.Layout.DataCount);
        var sgd = new MinibatchSgd<LinearRegression>(data, 1);
        // One draw: the atom with a huge increment among atoms with very negative ones is the one chosen.
        sgd.DrawCoupled([-8, -8, 8, -8, -8, -8]);
        Assert.Equal([(2, 1)], sgd.Counts);
    }

    [Theory]
    [InlineData(10, 0.3)]
    [InlineData(1024, 1.0 / 8000)]
    [InlineData(1024, 0.9)]
    public void BinomialQuantileInvertsTheDistributionFunction(int n, double p)
    {
        var binomial = new MathNet.Numerics.Distributions.Binomial(p, n);
        foreach (var u in new[] { 1e-9, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-12 })
        {
            var k = MinibatchSgd<LinearRegression>.BinomialQuantile(n, p, u);
            Assert.True(binomial.CumulativeDistribution(k) >= u - 1e-12, $"F({k}) < {u}");
            if (k > 0) Assert.True(binomial.CumulativeDistribution(k - 1) < u + 1e-12, $"F({k - 1}) ≥ {u}");
        }
    }

    private static double Mean(double[,] c, int j) => Enumerable.Range(0, c.GetLength(0)).Average(r => c[r, j]);
}
