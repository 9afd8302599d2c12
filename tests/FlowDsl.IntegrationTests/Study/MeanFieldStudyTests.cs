using System.Text.Json;
using FlowDsl.Models.ByHand;
using Xunit.Abstractions;

namespace FlowDsl.IntegrationTests.Study;

/// <summary>
/// The main job's mean-field study on a reduced configuration (1 000 paths instead of 4 000): the fitted weak orders of
/// the DD-SF and the DD-SMF against particle SGD (math.md §4.8), and its exact SGD expectation against an independent
/// enumeration written here with the hand-written tanh unit.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class MeanFieldStudyTests(ITestOutputHelper output)
{
    [Fact]
    public void ReducedMeanFieldStudyMeasuresOrderOneForDdSfAndTwoForDdSmf()
    {
        var folder = Path.Combine(Path.GetTempPath(), "flowdsl-mf-study-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, _, error) = StudyProgramTests.Invoke("--studies", "mean-field", "--paths", "1000", "--bootstrap", "50",
                "--threads", "2", "--seed", "7", "--quiet", "--output", folder);
            Assert.True(exit == 0, $"exit code {exit}: {error}");
            foreach (var file in new[] { "mean-field.txt", "mean-field.csv", "mean-field.json", "mean-field.png", "mean-field.svg", "study.json" })
                Assert.True(File.Exists(Path.Combine(folder, file)), $"missing {file}");

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "mean-field.json")));
            var orders = json.RootElement.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("model").GetString()!);
            var sf = orders["DD-SF (M2)"];
            var smf = orders["DD-SMF (M3)"];
            foreach (var (order, expected) in new[] { (sf, 1), (smf, 2) })
            {
                var p = order.GetProperty("order").GetDouble();
                var se = order.GetProperty("standardError").GetDouble();
                output.WriteLine($"{order.GetProperty("model").GetString()}: p̂ = {p:F3} ± {se:F3} (theory {expected})");
                Assert.Equal(expected, order.GetProperty("expectedOrder").GetInt32());
                // The issue's acceptance band ±0.2 must be resolved: 3·SE below it, and p̂ inside it.
                Assert.True(se < 0.067, $"SE {se} does not resolve ±0.2");
                Assert.InRange(p, expected - 0.2, expected + 0.2);
                Assert.True(order.GetProperty("pass").GetBoolean(), order.GetProperty("verdict").GetString());
            }
            Assert.True(smf.GetProperty("order").GetDouble() - sf.GetProperty("order").GetDouble() >= 0.7, "DD-SMF not discriminated from DD-SF");

            // E Ψ(SGD) at α = 1/4 (four steps, 2⁴ atom sequences) from an independent enumeration.
            var first = smf.GetProperty("levels")[0];
            Assert.Equal(0.25, first.GetProperty("alpha").GetDouble());
            Assert.True(first.GetProperty("sgdExact").GetBoolean());
            var reference = EnumeratedSgdMean(alpha: 0.25, steps: 4);
            Assert.Equal(reference, first.GetProperty("sgdExpectation").GetDouble(), 1e-12);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SoftplusUnitBeyondEnumerationPassesWithTheStudysDefaults()
    {
        // Study (iii): 4¹⁶ SGD sequences, so particle SGD is coupled Monte Carlo with the adaptive budget; defaults only.
        var folder = Path.Combine(Path.GetTempPath(), "flowdsl-mf-user-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, _, error) = StudyProgramTests.Invoke("--studies", "user-mean-field", "--threads", "2", "--quiet", "--no-plots", "--output", folder);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "user-mean-field.json")));
            Assert.Contains("coupled Monte Carlo", json.RootElement.GetProperty("configuration").GetProperty("sgdReference").GetString());
            foreach (var order in json.RootElement.GetProperty("orders").EnumerateArray())
            {
                output.WriteLine($"{order.GetProperty("model").GetString()}, {order.GetProperty("observable").GetString()}: p̂ = {order.GetProperty("order").GetDouble():F2} ± {order.GetProperty("standardError").GetDouble():F2}; {order.GetProperty("verdict").GetString()}");
                Assert.True(order.GetProperty("pass").GetBoolean(), order.GetProperty("verdict").GetString());
                foreach (var level in order.GetProperty("levels").EnumerateArray())
                {
                    Assert.False(level.GetProperty("sgdExact").GetBoolean());
                    Assert.True(level.GetProperty("usedInFit").GetBoolean(), "every level must be resolved (|ê|/SE ≥ 5)");
                    Assert.True(level.GetProperty("effort").GetProperty("signalToNoise").GetDouble() >= 5);
                }
            }
            Assert.True(exit == 0, $"exit code {exit}: {error}");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// E ⟨x₁, νⁿ⟩ after particle SGD (xₖ += α rⱼ ∇Φ(θⱼ, xₖ), rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ), math.md §4.2) over every atom
    /// sequence, with the main job's configuration: atoms (0.9, −0.4), (−0.7, 1.1) with p = ½ each, three particles.
    /// </summary>
    private static double EnumeratedSgdMean(double alpha, int steps)
    {
        double[][] atoms = [[0.9, -0.4], [-0.7, 1.1]];
        var start = new double[3][];
        for (var k = 0; k < 3; k++) start[k] = [0.8 * Math.Cos(1.3 * k + 0.2) + 0.1 * k / 3, 0.6 * Math.Sin(2.1 * k + 0.5) - 0.2];
        var mean = 0.0;
        for (var sequence = 0; sequence < 1 << steps; sequence++)
        {
            var x = start.Select(p => (double[])p.Clone()).ToArray();
            for (var i = 0; i < steps; i++)
            {
                var θ = atoms[(sequence >> i) & 1];
                var r = TanhUnitByHand.Target(θ) - x.Average(p => TanhUnitByHand.Feature(p, θ));
                var g = new double[2];
                foreach (var p in x)
                {
                    TanhUnitByHand.FeatureGradient(p, θ, g);
                    p[0] += alpha * r * g[0];
                    p[1] += alpha * r * g[1];
                }
            }
            mean += x.Average(p => p[0]) / (1 << steps);
        }
        return mean;
    }
}
