using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The mean-field study beyond enumeration: its coupled Monte Carlo weak errors agree with the exact-enumeration study
/// where both are possible; it is bit-identical for any thread count; a tiny budget gives an inconclusive verdict that
/// names the paths that would resolve each level. The unit is the tanh unit whose gradient does not factor.
/// </summary>
public sealed class CoupledMeanFieldStudyTests(ITestOutputHelper output)
{
    private static readonly MeanFieldData Atoms = MeanFieldTestData.TanhAtoms();

    private static MeanFieldOrderStudy<TanhUnitByHand> Study(params int[] steps) =>
        new MeanFieldOrderStudy<TanhUnitByHand>(Atoms, MeanFieldTestData.TanhParticles(3))
            .Observable(MeasureObservable.Mean(2, 0))
            .Observable(MeasureObservable.Integral("⟨sin x₂⟩", 2, x => Math.Sin(x[1])))
            .Ladder(1.0, steps).Seed(5).Bootstrap(0);

    [Fact]
    public void CoupledMonteCarloAgreesWithExactEnumerationWithinStandardErrors()
    {
        // 4⁴ = 256 sequences: enumerable, so the same ladder runs both ways (the limit 1 forces Monte Carlo).
        var exact = Study(2, 4).Paths(1_000).SolverCheck(false).Run();
        var coupled = Study(2, 4).Paths(400).PathBudget(4_000, 100_000).SolverCheck(false).EnumerationLimit(1).Run();
        Assert.Contains("coupled Monte Carlo", coupled.Configuration.SgdReference);
        Assert.All(exact.Orders.SelectMany(o => o.Levels), l => Assert.True(l.SgdExact));
        var comparisons = 0;
        foreach (var e in exact.Orders)
        {
            var c = coupled.Order(e.Model, e.Observable);
            for (var j = 0; j < e.Levels.Count; j++)
            {
                var (a, b) = (e.Levels[j], c.Levels[j]);
                var z = (a.Error - b.Error) / Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError);
                output.WriteLine($"{e.Model} {e.Observable} α = {a.Alpha}: exact-SGD ê = {a.Error:E3} ± {a.StandardError:E1}, coupled ê = {b.Error:E3} ± {b.StandardError:E1} ({b.Effort!.SgdPaths} + {b.Effort.ModelPaths} paths), z = {z:F2}");
                Assert.InRange(z, -4.5, 4.5);
                Assert.True(b.StandardError < 0.5 * Math.Abs(a.Error), "the comparison has no power");
                comparisons++;
            }
        }
        Assert.Equal(8, comparisons);
    }

    [Fact]
    public void CoupledStudyIsBitIdenticalForAnyThreadCount()
    {
        WeakErrorResult Run(int threads) => Study(2, 4, 8).Paths(64).PathBudget(256, 4_096).EnumerationLimit(1L << 10).Threads(threads).Run();
        var one = Run(1);
        var two = Run(2);
        Assert.False(Study(2, 4, 8).EnumerationLimit(1L << 10).EnumeratesSgd);
        MeanFieldTimeBudgetTests.AssertSameNumbers(one, two);
    }

    [Fact]
    public void TinyBudgetGivesAnInconclusiveVerdictNamingThePathsThatWouldResolveIt()
    {
        // 4¹⁶ sequences: beyond enumeration. Eight model paths and 64 SGD paths cannot resolve the DD-SMF's α² error.
        var result = Study(4, 8, 16).Models(MeanFieldFlowKind.DistributionDependentModifiedFlow).Paths(8).PathBudget(8, 64).Run();
        foreach (var order in result.Orders)
        {
            output.WriteLine(order.Verdict);
            var unresolved = order.Levels.Where(l => !l.UsedInFit).ToList();
            Assert.NotEmpty(unresolved);
            Assert.Contains("would resolve it", order.Verdict);
            Assert.Contains("path budget spent", order.Verdict);
            foreach (var level in unresolved)
            {
                var effort = level.Effort!;
                Assert.Equal(8, effort.ModelPaths);
                Assert.Equal(64, effort.SgdPaths);
                Assert.True(effort.ModelPathsToResolve > 8 || effort.SgdPathsToResolve > 64);
                Assert.Contains($"{effort.ModelPathsToResolve:N0} model paths", order.Verdict);
                Assert.True(effort.SecondsToResolve > 0);
            }
            if (!double.IsFinite(order.Order)) Assert.Contains("inconclusive", order.Verdict);
        }
    }
}
