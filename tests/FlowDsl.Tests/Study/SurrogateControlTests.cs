using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using FlowDsl.Study;
using FlowDsl.Tests.Simulation;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Study;

/// <summary>
/// The second-order surrogate control variates of math.md §7.3.4: their means are exact (checked by exact enumeration),
/// the expansion is exact where the dynamics are linear and f quadratic, and the second order reduces the variance further
/// than the first on a nonlinear model.
/// </summary>
public sealed class SurrogateControlTests(ITestOutputHelper output)
{
    /// <summary>A smooth observable that is not quadratic, so ∇²f varies and the third-order remainder is not zero.</summary>
    private static readonly Observable Curved = Observable.OnePoint("sin x₁ + x₁x₂²", x => Math.Sin(x[0]) + x[0] * x[1] * x[1]);

    private static readonly double[] Start = [0.4, -0.3];

    [Fact]
    public void SgdControlsHaveTheirExactMeansOverEveryDataSequence()
    {
        // CurvedModel's law has 4 atoms: the 4⁴ sequences of N = 4 steps give E C₁ and E C₂ exactly (each weighted by its
        // probability), independently of the moment recursion that gives E C₂ in the surrogate.
        var mean = new MeanRisk<CurvedModel>();
        var support = mean.Law.Support!;
        const int steps = 4;
        var surrogate = SgdSurrogate<CurvedModel>.Build(mean, Start, alpha: 0.25, steps, batch: 1, Curved);
        var worker = surrogate.Controls().Worker();
        var values = new double[2];
        double first = 0, second = 0, scale = 0;
        var sequences = (int)Math.Pow(support.Count, steps);
        for (var sequence = 0; sequence < sequences; sequence++)
        {
            var weight = 1.0;
            worker.Begin();
            for (int i = 0, rest = sequence; i < steps; i++, rest /= support.Count)
            {
                var atom = rest % support.Count;
                weight *= support.Weights[atom];
                worker.Step(i, [support.Nodes[atom]]);
            }
            worker.End(values);
            first += weight * values[0];
            second += weight * values[1];
            scale += weight * Math.Abs(values[1] + surrogate.QuadraticMean);
        }
        output.WriteLine($"E C₁ = {first:E3}, E(C₂ − m) = {second:E3}, m = E C₂ = {surrogate.QuadraticMean:E6}, E|C₂| = {scale:E3}");
        Assert.True(Math.Abs(surrogate.QuadraticMean) > 0.01 * scale, "E C₂ is not trivially zero");
        Assert.True(Math.Abs(first) < 1e-13, $"E C₁ = {first}");
        Assert.True(Math.Abs(second) < 1e-13 * scale, $"E C₂ − m = {second} (scale {scale})");
    }

    [Fact]
    public void ModelControlsHaveTheirExactMeansOverEveryIncrementSequence()
    {
        // E C₂ uses only E ΔW = 0, E ΔWΔWᵀ = hI and independence across steps, so it holds for increments ±√h per component:
        // enumerate all 2^(rank·NK) sequences of N = 3, K = 2 (4,096 sequences), each of probability 2^−12.
        var mean = new MeanRisk<CurvedModel>();
        const double alpha = 0.25;
        const int steps = 3, substeps = 2;
        var options = new SimulationOptions { Alpha = alpha, Horizon = alpha * steps, Paths = 1, StartingPoints = [Start], Law = mean.Law, Substeps = substeps };
        var coefficients = new SdeSimulator<CurvedModel>(mean, ContinuousModel.Sme2, options).SurrogateCoefficients()!;
        var h = alpha / substeps;
        var surrogate = ModelSurrogate.Build(mean, coefficients, Start, h, steps * substeps, Curved);
        var rank = coefficients.Rank;
        var signs = rank * steps * substeps;
        Assert.Equal(12, signs);
        var worker = surrogate.Controls().Worker();
        var values = new double[2];
        var dW = new double[rank];
        double first = 0, second = 0, scale = 0;
        for (var sequence = 0; sequence < 1 << signs; sequence++)
        {
            worker.Begin();
            for (var k = 0; k < steps * substeps; k++)
            {
                for (var j = 0; j < rank; j++) dW[j] = ((sequence >> (k * rank + j)) & 1) == 1 ? Math.Sqrt(h) : -Math.Sqrt(h);
                worker.Step(k, dW);
            }
            worker.End(values);
            first += values[0];
            second += values[1];
            scale += Math.Abs(values[1] + surrogate.QuadraticMean);
        }
        (first, second, scale) = (first / (1 << signs), second / (1 << signs), scale / (1 << signs));
        output.WriteLine($"E C₁ = {first:E3}, E(C₂ − m) = {second:E3}, m = E C₂ = {surrogate.QuadraticMean:E6}, E|C₂| = {scale:E3}");
        Assert.True(Math.Abs(surrogate.QuadraticMean) > 0.01 * scale, "E C₂ is not trivially zero");
        Assert.True(Math.Abs(first) < 1e-13, $"E C₁ = {first}");
        Assert.True(Math.Abs(second) < 1e-13 * scale, $"E C₂ − m = {second} (scale {scale})");
    }

    [Fact]
    public void FirstOrderSurrogatesBuildNoSecondOrderTensorsAndKeepC1BitForBit()
    {
        var mean = new MeanRisk<CurvedModel>();
        var nodes = mean.Law.Support!.Nodes;
        var first = SgdSurrogate<CurvedModel>.Build(mean, Start, alpha: 0.25, 4, batch: 1, Curved, secondOrder: false);
        Assert.Equal(0, first.QuadraticMean);
        AssertFirstOrderMatches(SgdSurrogate<CurvedModel>.Build(mean, Start, alpha: 0.25, 4, batch: 1, Curved).Controls(), first.Controls(),
            (worker, step, random) => worker.Step(step, [nodes[random.Next(nodes.Length)]]), ModelSide());
    }

    /// <summary>The model side of the same check: SME-2's surrogate over N = 3, K = 2 with Gaussian increments.</summary>
    private static (PathControls<ISdePathControl> Full, PathControls<ISdePathControl> First) ModelSide()
    {
        var mean = new MeanRisk<CurvedModel>();
        var options = new SimulationOptions { Alpha = 0.25, Horizon = 0.75, Paths = 1, StartingPoints = [Start], Law = mean.Law, Substeps = 2 };
        var coefficients = new SdeSimulator<CurvedModel>(mean, ContinuousModel.Sme2, options).SurrogateCoefficients()!;
        var full = ModelSurrogate.Build(mean, coefficients, Start, 0.125, 6, Curved);
        var first = ModelSurrogate.Build(mean, coefficients, Start, 0.125, 6, Curved, secondOrder: false);
        Assert.Equal(0, first.QuadraticMean); // E C₂ (the covariance recursion) is not computed
        return (full.Controls(), first.Controls());
    }

    /// <summary>
    /// Over 64 random paths, a first-order surrogate (<c>.SurrogateControlVariates(order: 1)</c>) reports C₁ with the bits of the
    /// second-order one and 0 for C₂: it skips ∇³R̄[μ], the noise gradients, ∇²f and the covariance recursion.
    /// </summary>
    private static void AssertFirstOrderMatches(PathControls<ISgdPathControl> full, PathControls<ISgdPathControl> first,
        Action<ISgdPathControl, int, System.Random> step, (PathControls<ISdePathControl> Full, PathControls<ISdePathControl> First) model)
    {
        var (a, b) = (new double[2], new double[2]);
        var (sgdFull, sgdFirst) = (full.Worker(), first.Worker());
        var (sdeFull, sdeFirst) = (model.Full.Worker(), model.First.Worker());
        for (var path = 0; path < 64; path++)
        {
            sgdFull.Begin(); sgdFirst.Begin(); sdeFull.Begin(); sdeFirst.Begin();
            for (var i = 0; i < 4; i++)
            {
                step(sgdFull, i, new System.Random(1000 * path + i));
                step(sgdFirst, i, new System.Random(1000 * path + i));
            }
            sgdFull.End(a); sgdFirst.End(b);
            Assert.Equal(a[0], b[0]);
            Assert.NotEqual(0, a[1]);
            Assert.Equal(0, b[1]);
            var random = new System.Random(path);
            for (var k = 0; k < 6; k++)
            {
                double[] dW = [.. Enumerable.Range(0, 4).Select(_ => Math.Sqrt(0.125) * (random.NextDouble() * 2 - 1))];
                sdeFull.Step(k, dW);
                sdeFirst.Step(k, dW);
            }
            sdeFull.End(a); sdeFirst.End(b);
            Assert.Equal(a[0], b[0]);
            Assert.NotEqual(0, a[1]);
            Assert.Equal(0, b[1]);
        }
    }

    [Fact]
    public void ModelControlsHaveTheirExactMeansUnderTheStudysBrownianIncrements()
    {
        // The same mean under the Gaussian increments a study draws: the brute-force average of C₂ − E C₂ over 10,000
        // paths is within 4.5 standard errors of 0.
        var mean = new MeanRisk<CurvedModel>();
        var options = new SimulationOptions { Alpha = 0.25, Paths = 10_000, StartingPoints = [Start], Law = mean.Law, Substeps = 4, Threads = 2, Seed = 7 };
        var simulator = new SdeSimulator<CurvedModel>(mean, ContinuousModel.Sme2, options);
        var surrogate = ModelSurrogate.Build(mean, simulator.SurrogateCoefficients()!, Start, options.Alpha / 4, 16, Curved);
        simulator = new SdeSimulator<CurvedModel>(mean, ContinuousModel.Sme2, options) { Controls = surrogate.Controls() };
        simulator.Run();
        foreach (var (control, name) in simulator.Control!.Zip(["C₁", "C₂ − E C₂"]))
        {
            var (average, se) = PathStatistics.MeanAndError(control);
            output.WriteLine($"{name}: {average:E3} ± {se:E2}");
            Assert.True(Math.Abs(average) <= 4.5 * se, $"{name}: {average} ± {se}");
        }
    }

    [Fact]
    public void WithLinearDynamicsAndAQuadraticObservableTheSecondOrderExpansionIsExact()
    {
        // R = ½|x − θ|², f = |x|², Euler–Maruyama: SGD and both SMEs are affine in the noise and f is quadratic, so
        // f = f(x̄) + C₁ + C₂ on every path and the regression leaves only rounding.
        var result = WeakErrorStudy.For<Quadratic>()
            .StartingPoints([1.0, 0.5, -0.5])
            .Observable(Observable.OnePoint("|x|²", x => x[0] * x[0] + x[1] * x[1] + x[2] * x[2]))
            .Models(ContinuousModel.Sme1, ContinuousModel.Sme2)
            .Ladder(1, 4, 8)
            .Scheme(SchemeKind.EulerMaruyama, 2)
            .Paths(200)
            .SolverCheck(false)
            .Bootstrap(0)
            .Run();
        foreach (var order in result.Orders)
            foreach (var level in order.Levels)
            {
                output.WriteLine($"{order.Model} α = {level.Alpha}: ê = {level.Error:E6} ± {level.StandardError:E2}, reduction {level.VarianceReduction:E2}");
                Assert.True(level.VarianceReduction > 1e12, $"{order.Model} α = {level.Alpha}: reduction {level.VarianceReduction}");
            }
    }

    [Fact]
    public void OnANonlinearModelTheSecondOrderReducesTheVarianceFurtherThanTheFirst()
    {
        const int paths = 2_000;
        WeakErrorResult Run(int order) => WeakErrorStudy.For<CurvedModel>()
            .SurrogateControlVariates(true, order)
            .StartingPoints(Start)
            .Observable(Curved)
            .Models(ContinuousModel.Sme2)
            .Ladder(1, 4, 8, 16)
            .EnumerationLimit(0) // SGD simulated (else the 4-atom law is enumerated exactly and no surrogate is needed)
            .Paths(paths)
            .SolverCheck(false)
            .Bootstrap(0)
            .Threads(2)
            .Run();
        var first = Run(1).Order("SME-2", Curved.Name).Levels;
        var second = Run(2).Order("SME-2", Curved.Name).Levels;
        for (var j = 0; j < first.Count; j++)
        {
            // Same paths, nested regressions: the ratio of residual variances is RSS₁/RSS₂. If the two second-order controls
            // added nothing, F = (RSS₁/RSS₂ − 1)(n − 5)/2 would follow F(2, n − 5), whose 1 − 10⁻⁶ quantile is below 14.
            var ratio = second[j].VarianceReduction / first[j].VarianceReduction;
            var f = (ratio - 1) * (paths - 5) / 2;
            output.WriteLine($"α = {first[j].Alpha}: reduction {first[j].VarianceReduction:F1} (first order) → {second[j].VarianceReduction:F1} (second); ratio {ratio:F2}, F = {f:F0}");
            Assert.True(f > 14, $"α = {first[j].Alpha}: F = {f}");
            // Both estimate the same ê: the controls only change the error.
            Assert.True(Math.Abs(first[j].Error - second[j].Error) <= 4.5 * first[j].StandardError, $"α = {first[j].Alpha}: {first[j].Error} vs {second[j].Error}");
        }
    }
}
