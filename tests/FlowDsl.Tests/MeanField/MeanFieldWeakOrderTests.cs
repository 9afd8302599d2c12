using FlowDsl.MeanField;
using FlowDsl.Models.ByHand;
using Xunit.Abstractions;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// Measured weak orders (math.md §4.8, §7) on the nonlinear tanh unit, n = 3 particles, an empirical P of N = 2 atoms,
/// T = 1, α ∈ {1/4, 1/8, 1/16}, for the measure observable ⟨x₁, νⁿ⟩. The SGD side is exact (all 2^K atom
/// sequences); the DD-SF / DD-SMF side is SH2 (h = α/4) with 1000 antithetic pairs. A pilot with 2000 pairs gave
/// e_SMF = 7.17e-3, 1.72e-3, 4.25e-4 (SE ≤ 6e-5) and e_SF = 3.61e-2, 1.68e-2, 8.15e-3.
/// </summary>
public sealed class MeanFieldWeakOrderTests(ITestOutputHelper output)
{
    private static readonly MeanFieldData Data = MeanFieldData.FromAtoms<TanhUnitByHand>([0.9, -0.4, -0.7, 1.1], [0.5, 0.5]);
    private static readonly MeasureObservable FirstMoment = MeasureObservable.Mean(2, 0);

    [Fact]
    public void DdSmfHasWeakOrderTwoAndDdSfWeakOrderOne()
    {
        var smf = Estimate(MeanFieldFlowKind.DistributionDependentModifiedFlow);
        var sf = Estimate(MeanFieldFlowKind.DistributionDependentFlow);
        output.WriteLine($"DD-SMF p̂ = {smf.Order:F3} ± {smf.StandardError:F3}; DD-SF p̂ = {sf.Order:F3} ± {sf.StandardError:F3}");
        Assert.True(smf.StandardError < 0.067 && sf.StandardError < 0.067, "The ladder does not resolve the slopes to ±0.2 at 3 SE.");
        Assert.InRange(smf.Order, 1.8, 2.2);
        Assert.InRange(sf.Order, 0.8, 1.2);
        Assert.True(smf.Order - sf.Order >= 0.7, "DD-SMF must be discriminated from DD-SF (math.md §7.4).");
    }

    private WeakOrderEstimate Estimate(MeanFieldFlowKind kind)
    {
        var x = MeanFieldTestData.TanhParticles(3);
        var levels = new List<WeakErrorLevel>();
        foreach (var steps in new[] { 4, 8, 16 })
        {
            var alpha = 1.0 / steps;
            var sgd = MeanFieldWeakError.ExactSgdExpectation<TanhUnitByHand>(Data, x, alpha, 1.0, FirstMoment);
            var (mean, se) = MeanFieldWeakError.FlowExpectation<TanhUnitByHand>(Data, x, kind, alpha, 4, 1.0, FirstMoment, 1000, seed: 99, threads: 2);
            levels.Add(new WeakErrorLevel(alpha, sgd, 0, mean, se));
            output.WriteLine($"{kind} α = 1/{steps}: e = {sgd - mean:E4} ± {se:E2}");
        }
        return WeakOrderEstimate.Fit(levels);
    }
}
