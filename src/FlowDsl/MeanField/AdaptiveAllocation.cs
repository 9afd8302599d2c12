namespace FlowDsl.MeanField;

/// <summary>
/// How many units each side of a coupled estimator <c>ê = mean_A − mean_B</c> needs for <c>SE(ê) ≤ target</c> at the
/// least cost: with unit variances v and costs c per unit, minimising n_A c_A + n_B c_B subject to
/// v_A/n_A + v_B/n_B ≤ target² gives <c>n = λ √(v/c)</c> with <c>λ = (√(v_A c_A) + √(v_B c_B))/target²</c>.
/// </summary>
internal static class AdaptiveAllocation
{
    /// <summary>The cost-optimal (n_A, n_B) for SE ≤ <paramref name="target"/>.</summary>
    public static (double SgdUnits, double FlowUnits) Optimal(double sgdVariance, double sgdCost, double flowVariance, double flowCost, double target)
    {
        var lambda = (Math.Sqrt(sgdVariance * sgdCost) + Math.Sqrt(flowVariance * flowCost)) / (target * target);
        return (lambda * Math.Sqrt(sgdVariance / sgdCost), lambda * Math.Sqrt(flowVariance / flowCost));
    }

    /// <summary>n_B for SE ≤ <paramref name="target"/> when n_A is already fixed; +∞ when n_A alone exceeds the target.</summary>
    public static double FlowUnitsGiven(double sgdVariance, double sgdUnits, double flowVariance, double target)
    {
        var room = target * target - sgdVariance / sgdUnits;
        return room > 0 ? flowVariance / room : double.PositiveInfinity;
    }

    /// <summary>
    /// The next size of a side: the need, at least the current size, at most <paramref name="growth"/> times it and the
    /// budget, rounded up to a whole number of <paramref name="batch"/>es (deterministic batches).
    /// </summary>
    public static int Next(int current, double need, int growth, int budget, int batch)
    {
        if (!(need > current) || current >= budget) return current;
        var capped = Math.Min(need, (double)current * growth);
        var batches = Math.Ceiling(capped / batch);
        return (int)Math.Min(budget, Math.Max(current + 1.0, batches * batch));
    }
}
