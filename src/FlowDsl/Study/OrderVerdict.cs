namespace FlowDsl.Study;

/// <summary>
/// The verdict rules shared by every weak-error study (math.md §7.4–§7.5): a level's solver bias is acceptable when it is
/// consistent with at most 10 % of |ê|; a verdict is ✓ or ✗ only on a conclusive fit window (<see cref="AsymptoticWindow"/>:
/// at least three resolved levels, no sign change of ê, local rates that agree), else inconclusive with the reason; and an
/// order passes when |p̂ − p| ≤ max(3·SE, tolerance) with acceptable bias.
/// </summary>
internal static class OrderVerdict
{
    /// <summary>Whether the solver bias b ± SE at a level is consistent with ≤ 10 % of |ê|: b − 3·SE ≤ 0.1·|ê|.</summary>
    public static bool SolverBiasOk(double bias, double biasStandardError, double error) =>
        bias - 3 * biasStandardError <= 0.1 * Math.Abs(error);

    /// <summary>
    /// The pass flag, whether the verdict is conclusive, and the verdict text for a fitted order p̂ ± SE over
    /// <paramref name="window"/> against the expected order. <paramref name="withNextOrder"/> is the fit over the same window
    /// with the leading next-order term (<see cref="OrderFit.FitWithNextOrder"/>): a power fit that misses the order while
    /// that fit agrees with it (|p̂′ − p| ≤ max(3·SE′, tolerance)) and is sharp enough to tell p from p ± 1 (3·SE′ &lt; 1) is
    /// not a ✗ but inconclusive — the coarse levels are pre-asymptotic (math.md §7.4, "Next-order check"). A ✓ never depends
    /// on it. Conclusive is false for both kinds of "inconclusive" (a window that cannot decide, a miss the next-order term
    /// explains), true for ✓ and ✗.
    /// </summary>
    public static (bool Pass, bool Conclusive, string Verdict) Decide(int expected, double order, double standardError, double tolerance, bool solverOk,
        FitWindow window, (double Order, double StandardError)? withNextOrder = null)
    {
        if (!window.Conclusive || !double.IsFinite(order))
            return (false, false, $"order {expected}: inconclusive ({window.Doubt ?? "no finite fit"})");
        var pass = Math.Abs(order - expected) <= Math.Max(3 * standardError, tolerance) && solverOk;
        var note = window.Note.Length > 0 ? $"; {window.Note}" : "";
        if (!pass && solverOk && withNextOrder is { } next && double.IsFinite(next.Order)
            && 3 * next.StandardError < 1 && Math.Abs(next.Order - expected) <= Math.Max(3 * next.StandardError, tolerance))
            return (false, false, $"order {expected}: inconclusive (the power law gives p̂ = {order:F2} ± {standardError:F2}, but with the next-order term " +
                           $"α^{expected + 1} the same levels give p̂ = {next.Order:F2} ± {next.StandardError:F2}, consistent with order {expected}: " +
                           $"the coarse levels are pre-asymptotic{note}); to decide: smaller α (finer levels) with .Ladder(…), where e(α) ≈ c·αᵖ holds");
        return (pass, true, pass
            ? $"order {expected} ✓" + (note.Length > 0 ? $" ({window.Note})" : "")
            : $"order {expected} ✗ (p̂ = {order:F2} ± {standardError:F2}{(solverOk ? "" : ", solver bias too large")}{note})");
    }
}
