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
        var (pass, _, verdict) = OrderVerdict.Decide(expected, order, se, Tolerance, solverOk: true, window);
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

/// <summary>
/// The next-order check and the ladder rule's added levels (math.md §7.4), on (α, ê, SE) tables measured on models that
/// are not in the repo (scratch projects of the unseen-model review): a power fit pulled off the order by pre-asymptotic
/// coarse levels used to say ✗.
/// </summary>
public sealed class NextOrderCheckTests
{
    // SME-2 of R = exp(0.4·a·x) + ½(x₁ + a₄x₂ − b)² + 0.2·Sigmoid(a₅x₃) + 0.1|x|² on 7 weighted CSV rows, 32,768 paths;
    // α = 1/2 was added by the ladder rule after the first batch. Local rates 2.59, 2.32, 2.00, 2.37.
    private static readonly double[] ExpAlphas = [1.0 / 2, 1.0 / 4, 1.0 / 8, 1.0 / 16, 1.0 / 32];
    private static readonly double[] ExpErrors = [3.041e-2, 5.043e-3, 1.007e-3, 2.520e-4, 4.881e-5];
    private static readonly double[] ExpSes = [9.05e-4, 4.58e-4, 6.79e-5, 2.27e-5, 8.11e-6];

    private static (FitWindow Window, bool Pass, string Verdict) Judge(double[] alphas, double[] errors, double[] ses, int expected, double tolerance,
        bool[]? added = null)
    {
        var window = added is null ? AsymptoticWindow.Select(alphas, errors, ses, tolerance) : AsymptoticWindow.Select(alphas, errors, ses, tolerance, added);
        var (order, se) = OrderFit.Fit(alphas, errors, ses, window.Use);
        var (pass, _, verdict) = OrderVerdict.Decide(expected, order, se, tolerance, solverOk: true, window, OrderFit.FitWithNextOrder(alphas, errors, ses, window.Use));
        return (window, pass, verdict);
    }

    [Fact]
    public void ThePowerFitPulledOffByACoarseLevelIsInconclusiveNotAFailure()
    {
        var all = AsymptoticWindow.Select(ExpAlphas, ExpErrors, ExpSes, 0.3);
        Assert.All(all.Use, Assert.True); // no sign change, no rate disagreement beyond 3·SE: the old window kept every level…
        var (order, se) = OrderFit.Fit(ExpAlphas, ExpErrors, ExpSes, all.Use);
        Assert.True(Math.Abs(order - 2) > Math.Max(3 * se, 0.3), $"p̂ = {order:F3} ± {se:F3}"); // …and the power fit missed order 2 (the old ✗)
        var (_, pass, verdict) = Judge(ExpAlphas, ExpErrors, ExpSes, expected: 2, tolerance: 0.3);
        Assert.False(pass);
        Assert.StartsWith("order 2: inconclusive (the power law gives p̂ = 2.36", verdict);
        Assert.Contains("next-order term α^3 the same levels give p̂ = 2.00 ± 0.14", verdict);
        Assert.Contains("smaller α", verdict);
        Assert.DoesNotContain("✗", verdict);
    }

    [Fact]
    public void AMeanFieldWindowWithRisingLocalRatesIsInconclusiveNotAFailure()
    {
        // DD-SF, ⟨x₁, ν⟩ of the unit cos(θ·x), f = θ₁θ₂, 3 atoms, n = 3 (coupled Monte Carlo): local rates 0.52, 0.86, tolerance 0.2.
        double[] alphas = [1.0 / 4, 1.0 / 8, 1.0 / 16], errors = [-5.263e-3, -3.673e-3, -2.027e-3], ses = [3.14e-4, 1.21e-4, 4.64e-5];
        var (window, pass, verdict) = Judge(alphas, errors, ses, expected: 1, tolerance: 0.2);
        Assert.True(window.Conclusive);
        Assert.False(pass);
        Assert.StartsWith("order 1: inconclusive (the power law gives p̂ = 0.75", verdict);
        Assert.Contains("p̂ = 1.20 ± 0.18", verdict);
    }

    [Fact]
    public void AWrongOrderWithANextOrderTermStillFails()
    {
        // ê = 0.2α(1 + 0.5α): order 1 with a next-order term, judged against order 2.
        double[] alphas = [1.0 / 2, 1.0 / 4, 1.0 / 8, 1.0 / 16];
        double[] errors = [.. alphas.Select(a => 0.2 * a * (1 + 0.5 * a))];
        var (_, pass, verdict) = Judge(alphas, errors, [.. errors.Select(e => 0.02 * e)], expected: 2, tolerance: 0.3);
        Assert.False(pass);
        Assert.StartsWith("order 2 ✗", verdict);
    }

    [Fact]
    public void ANextOrderFitTooWideToTellOrdersApartLeavesAFailureAFailure()
    {
        // Three levels at |ê|/SE = 5: the three-parameter fit has SE ≈ 1.08, so it cannot speak for order 2 against order 1.
        double[] alphas = [1.0 / 8, 1.0 / 16, 1.0 / 32];
        double[] errors = [.. alphas];
        double[] ses = [.. errors.Select(e => 0.2 * e)];
        var next = OrderFit.FitWithNextOrder(alphas, errors, ses, [true, true, true]);
        Assert.True(3 * next.StandardError >= 1, $"SE′ = {next.StandardError}");
        var (_, pass, verdict) = Judge(alphas, errors, ses, expected: 2, tolerance: 0.3);
        Assert.False(pass);
        Assert.StartsWith("order 2 ✗", verdict);
    }

    [Fact]
    public void TheNextOrderFitIsTheWeightedLeastSquaresSolution()
    {
        // ln|ê| = a + p ln α + bα exactly recovers p; the SE against the normal equations solved by Cramer's rule.
        double[] alphas = [1.0 / 2, 1.0 / 4, 1.0 / 8, 1.0 / 16, 1.0 / 32];
        double[] errors = [.. alphas.Select(a => Math.Exp(-1.3 + 1.7 * Math.Log(a) + 0.9 * a))];
        double[] ses = [.. errors.Select((e, j) => e * (0.01 + 0.02 * j))];
        var (order, se) = OrderFit.FitWithNextOrder(alphas, errors, ses, [true, true, true, true, true]);
        Assert.Equal(1.7, order, 10);
        var m = new double[3, 3];
        for (var j = 0; j < alphas.Length; j++)
        {
            double[] row = [1, Math.Log(alphas[j]), alphas[j]];
            var w = Math.Pow(errors[j] / ses[j], 2);
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 3; c++) m[r, c] += w * row[r] * row[c];
        }
        double Det(double[,] a) => a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
                                   + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        var minor = m[0, 0] * m[2, 2] - m[0, 2] * m[2, 0]; // cofactor (1,1) of the symmetric matrix: (M⁻¹)₁₁ = minor/det
        Assert.Equal(Math.Sqrt(minor / Det(m)), se, 1e-9 * se);
        Assert.True(double.IsNaN(OrderFit.FitWithNextOrder(alphas, errors, ses, [true, true, false, false, false]).Order));
    }

    [Fact]
    public void ALevelAddedByTheLadderRuleIsLeftOutWhenTheAskedLadderDecides()
    {
        var (window, pass, verdict) = Judge(ExpAlphas, ExpErrors, ExpSes, expected: 2, tolerance: 0.3, added: [true, false, false, false, false]);
        Assert.Equal([false, true, true, true, true], window.Use);
        Assert.True(pass, verdict);
        Assert.Equal("order 2 ✓ (α = 1/2 of the ladder rule not needed)", verdict);
    }

    [Fact]
    public void AnAddedLevelStillEntersWhenTheAskedLadderCannotDecide()
    {
        double[] ses = [.. ExpSes];
        (ses[3], ses[4]) = (ExpErrors[3], ExpErrors[4]); // α = 1/16, 1/32 unresolved: the asked ladder keeps two resolved levels
        var (window, _, verdict) = Judge(ExpAlphas, ExpErrors, ses, expected: 2, tolerance: 0.3, added: [true, false, false, false, false]);
        Assert.True(window.Conclusive);
        Assert.Equal([true, true, true, false, false], window.Use);
        Assert.DoesNotContain("not needed", verdict);
    }
}
