using FlowDsl.Study;

namespace FlowDsl.Tests.Study;

/// <summary>
/// A verdict is conclusive (✓ or ✗) or inconclusive, and the end-of-run line tells a disagreement from an open question
/// (the CLI printed "Some measured orders disagree" for inconclusive verdicts before).
/// </summary>
public sealed class VerdictSummaryTests
{
    private const double Tolerance = 0.3;
    private static readonly double[] Alphas = [1.0 / 4, 1.0 / 8, 1.0 / 16, 1.0 / 32];

    private static (bool Pass, bool Conclusive, string Verdict) Decide(double power, double relativeSe, int expected)
    {
        double[] errors = [.. Alphas.Select(a => 0.5 * Math.Pow(a, power))];
        double[] ses = [.. errors.Select(e => e * relativeSe)];
        var window = AsymptoticWindow.Select(Alphas, errors, ses, Tolerance);
        var (order, se) = OrderFit.Fit(Alphas, errors, ses, window.Use);
        return OrderVerdict.Decide(expected, order, se, Tolerance, solverOk: true, window, OrderFit.FitWithNextOrder(Alphas, errors, ses, window.Use));
    }

    [Fact]
    public void A_pass_and_a_clear_miss_are_conclusive_and_unresolved_levels_are_not()
    {
        var pass = Decide(power: 2, relativeSe: 0.02, expected: 2);
        Assert.True(pass.Pass && pass.Conclusive, pass.Verdict);

        var miss = Decide(power: 1, relativeSe: 0.02, expected: 2);
        Assert.False(miss.Pass, miss.Verdict);
        Assert.True(miss.Conclusive, miss.Verdict);
        Assert.Contains("✗", miss.Verdict);

        var open = Decide(power: 2, relativeSe: 0.5, expected: 2); // |ê|/SE = 2 < 5 at every level: nothing resolved
        Assert.False(open.Pass, open.Verdict);
        Assert.False(open.Conclusive, open.Verdict);
        Assert.Contains("inconclusive", open.Verdict);
    }

    [Fact]
    public void The_summary_counts_disagreements_and_open_verdicts_apart()
    {
        static OrderEstimate Order(bool pass, bool conclusive) =>
            new("SME-2", "|x|²", 2, 2, 0.1, 0.1, 0.1, Tolerance, pass, pass ? "order 2 ✓" : "…", []) { Conclusive = conclusive };

        Assert.Equal("Every measured order agrees with the theory.", WeakErrorResult.Summarize([Order(true, true), Order(true, true)]));
        var open = WeakErrorResult.Summarize([Order(true, true), Order(false, false)]);
        Assert.StartsWith("1 verdict is inconclusive", open);
        Assert.DoesNotContain("disagree", open);
        var both = WeakErrorResult.Summarize([Order(false, true), Order(false, true), Order(false, false), Order(false, false)]);
        Assert.StartsWith("2 measured orders disagree with the theory; 2 verdicts are inconclusive", both);
    }
}
