using FlowDsl.Study;

namespace FlowDsl.Tests.Study;

/// <summary>
/// The fit window and verdict rule of math.md §7.4 (issue 12) on synthetic (α, ê, SE) tables whose slopes are known in
/// closed form: a verdict is ✓ or ✗ only on ≥ 3 resolved levels without a sign change and with agreeing local rates.
/// </summary>
public sealed class AsymptoticWindowTests
{
    private const double Tolerance = 0.3;
    private static readonly double[] Alphas = [1.0 / 2, 1.0 / 4, 1.0 / 8, 1.0 / 16];

    /// <summary>The verdict as the studies form it: the window, the WLS fit over it, the shared judge.</summary>
    private static (FitWindow Window, double Order, bool Pass, string Verdict) Judge(double[] alphas, double[] errors, double[] ses, int expected)
    {
        var window = AsymptoticWindow.Select(alphas, errors, ses, Tolerance);
        var (order, se) = OrderFit.Fit(alphas, errors, ses, window.Use);
        var (pass, verdict) = OrderVerdict.Judge(expected, order, se, Tolerance, solverOk: true, window);
        return (window, order, pass, verdict);
    }

    private static double[] Power(double[] alphas, double c, double p) => [.. alphas.Select(a => c * Math.Pow(a, p))];

    private static double[] Relative(double[] errors, double ratio) => [.. errors.Select(e => Math.Abs(e) * ratio)];

    [Fact]
    public void ASignChangeAmongTheResolvedLevelsIsInconclusiveAndSaysWhere()
    {
        // The false ✗ of issue 12: ê changes sign between the two coarsest resolved levels, the finest is unresolved.
        double[] errors = [1.0e-2, -5.0e-3, -1.25e-3, 3e-4];
        double[] ses = [1e-3, 5e-4, 1e-4, 1e-3];
        var (window, _, pass, verdict) = Judge(Alphas, errors, ses, expected: 2);
        Assert.False(pass);
        Assert.False(window.Conclusive);
        Assert.Equal([false, true, true, false], window.Use);
        Assert.Equal([true, false, false, false], window.PreAsymptotic);
        Assert.Contains("inconclusive", verdict);
        Assert.Contains("ê changes sign between α = 1/2 and 1/4", verdict);
        Assert.Contains("3 of 4 levels resolved", verdict);
        Assert.DoesNotContain("✗", verdict);
    }

    [Fact]
    public void ASignChangeWithEnoughConsistentFinerLevelsLeavesTheCoarseLevelOut()
    {
        double[] alphas = [1.0 / 2, .. Alphas[1..], 1.0 / 32];
        var errors = Power(alphas, 0.5, 2);
        errors[0] = -errors[0];
        var (window, order, pass, verdict) = Judge(alphas, errors, Relative(errors, 0.01), expected: 2);
        Assert.True(window.Conclusive);
        Assert.Equal([false, true, true, true, true], window.Use);
        Assert.Equal(2, order, 12); // ê = 0.5·α² exactly on the window
        Assert.True(pass);
        Assert.Equal("order 2 ✓ (α = 1/2 pre-asymptotic)", verdict);
    }

    [Fact]
    public void TwoResolvedLevelsAreInconclusiveEvenOnAnExactSlope()
    {
        var errors = Power(Alphas, 0.3, 2);
        double[] ses = [errors[0] / 50, errors[1] / 50, errors[2], errors[3]]; // |ê|/SE = 50, 50, 1, 1
        var (window, order, pass, verdict) = Judge(Alphas, errors, ses, expected: 2);
        Assert.Equal(2, order, 12);
        Assert.False(pass);
        Assert.False(window.Conclusive);
        Assert.Contains("inconclusive (2 of 4 levels resolved", verdict);
        Assert.Contains("a verdict needs 3", verdict);
    }

    [Fact]
    public void ThreeConsistentLevelsWithTheWrongSlopeFail()
    {
        var errors = Power(Alphas, 0.2, 1);
        var (window, order, pass, verdict) = Judge(Alphas, errors, Relative(errors, 0.02), expected: 2);
        Assert.True(window.Conclusive);
        Assert.Equal(1, order, 12);
        Assert.False(pass);
        Assert.StartsWith("order 2 ✗ (p̂ = 1.00 ±", verdict);
    }

    [Fact]
    public void ThreeConsistentLevelsWithTheRightSlopePass()
    {
        double[] alphas = Alphas[1..];
        var errors = Power(alphas, -0.2, 1);
        var (window, order, pass, verdict) = Judge(alphas, errors, Relative(errors, 0.02), expected: 1);
        Assert.True(window.Conclusive);
        Assert.Equal(1, order, 12);
        Assert.True(pass);
        Assert.Equal("order 1 ✓", verdict);
    }

    [Fact]
    public void ACoarseLevelWhoseLocalRateDisagreesIsLeftOut()
    {
        // Exact levels (SE = 0): ê = α² except at α = 1/2, where it is 0.3·α² (local rate 2 + log₂ 0.3 ≈ 0.26).
        double[] alphas = [.. Alphas, 1.0 / 32];
        var errors = Power(alphas, 1, 2);
        errors[0] *= 0.3;
        var (window, order, pass, verdict) = Judge(alphas, errors, new double[alphas.Length], expected: 2);
        Assert.Equal([true, false, false, false, false], window.PreAsymptotic);
        Assert.Equal(2, order, 12);
        Assert.True(pass);
        Assert.Equal("order 2 ✓ (α = 1/2 pre-asymptotic)", verdict);
    }

    [Fact]
    public void DisagreeingLocalRatesThatLeaveTooFewLevelsAreInconclusive()
    {
        // A bias floor at the fine end: the finest local rate collapses; trimming the coarse end cannot repair that.
        var errors = Power(Alphas, 1, 2);
        errors[3] = errors[2] * 0.9;
        var (window, _, pass, verdict) = Judge(Alphas, errors, new double[Alphas.Length], expected: 2);
        Assert.False(pass);
        Assert.False(window.Conclusive);
        Assert.Contains("local rates", verdict);
        Assert.Contains("pre-asymptotic", verdict);
    }

    [Fact]
    public void LocalRatesThatDifferWithinTheirStandardErrorsAreConsistent()
    {
        // ê = α² with the middle level 30 % high: local rates 1.62 and 2.38 differ by 0.76 > tol, but with SE = 15 % of |ê|
        // the difference has SE = 0.15·√6/ln 2 ≈ 0.53, so 0.76 < 3·SE: noise, not curvature.
        double[] alphas = Alphas[1..];
        var errors = Power(alphas, 1, 2);
        errors[1] *= 1.3;
        var (window, order, pass, _) = Judge(alphas, errors, Relative(errors, 0.15), expected: 2);
        Assert.True(window.Conclusive);
        Assert.True(pass);
        Assert.InRange(order, 1.9, 2.1);
    }

    [Fact]
    public void ExactLevelsWithASmallNextOrderTermStayConclusive()
    {
        // ê = α(1 + α): local rates 1 + log₂((1 + α)/(1 + α/2)) ≈ 1.08, 1.04, 1.02 agree within the tolerance.
        double[] alphas = [1.0 / 8, 1.0 / 16, 1.0 / 32, 1.0 / 64];
        double[] errors = [.. alphas.Select(a => a * (1 + a))];
        var (window, _, pass, verdict) = Judge(alphas, errors, new double[alphas.Length], expected: 1);
        Assert.True(window.Conclusive);
        Assert.All(window.PreAsymptotic, Assert.False);
        Assert.True(pass);
        Assert.Equal("order 1 ✓", verdict);
    }

    [Fact]
    public void TheLadderOrderDoesNotMatter()
    {
        double[] fineFirst = [.. Alphas.Reverse()];
        double[] errors = [3e-4, -1.25e-3, -5.0e-3, 1.0e-2];
        double[] ses = [1e-3, 1e-4, 5e-4, 1e-3];
        var window = AsymptoticWindow.Select(fineFirst, errors, ses, Tolerance);
        Assert.Equal([false, true, true, false], window.Use);
        Assert.Equal([false, false, false, true], window.PreAsymptotic);
        Assert.Contains("between α = 1/2 and 1/4", window.Doubt);
    }
}
