namespace FlowDsl.MeanField;

/// <summary>The fitted weak order p̂ with SE(p̂) (math.md §7.4, weighted least squares of ln|e| on ln α).</summary>
/// <param name="Order">p̂.</param>
/// <param name="StandardError">SE(p̂) = 1/√(Σ wⱼ (xⱼ − x̄_w)²), wⱼ = (ê/SE)².</param>
/// <param name="Levels">The rungs used.</param>
public sealed record WeakOrderEstimate(double Order, double StandardError, IReadOnlyList<WeakErrorLevel> Levels)
{
    /// <summary>
    /// Weighted least squares of yⱼ = ln|êⱼ| on xⱼ = ln αⱼ with wⱼ = (êⱼ/SEⱼ)² (<see cref="Study.OrderFit"/>), over all levels.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two levels, or errors that change sign.</exception>
    public static WeakOrderEstimate Fit(IReadOnlyList<WeakErrorLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count < 2) throw new ArgumentException("A slope needs at least two α-levels.", nameof(levels));
        if (levels.Select(l => Math.Sign(l.Error)).Distinct().Count() != 1)
            throw new ArgumentException("The weak errors change sign across the ladder; a log-log slope is meaningless (math.md §7.4).", nameof(levels));
        var (order, standardError) = Study.OrderFit.Fit(
            [.. levels.Select(l => l.Alpha)], [.. levels.Select(l => l.Error)], [.. levels.Select(l => l.ErrorStandardError)],
            [.. levels.Select(_ => true)]);
        return new WeakOrderEstimate(order, standardError, levels);
    }
}
