namespace FlowDsl.Study;

/// <summary>
/// The weighted least-squares order fit of math.md §7.4: yⱼ = ln|êⱼ| against xⱼ = ln αⱼ with weights wⱼ = (êⱼ/SEⱼ)²
/// (delta method), p̂ = Σw(x − x̄)(y − ȳ)/Σw(x − x̄)², SE(p̂) = 1/√(Σw(x − x̄)²). The studies fit over the levels of
/// <see cref="AsymptoticWindow"/>: a fit may decide a verdict only over at least three resolved levels without a sign change
/// of ê and with agreeing local rates.
/// </summary>
public static class OrderFit
{
    /// <summary>The minimum |ê|/SE for a level to enter the fit (otherwise its logarithm is meaningless).</summary>
    public const double MinimumSignalToNoise = 5;

    /// <summary>Fits the slope over the levels where <paramref name="use"/> is true; NaN when fewer than two are usable.</summary>
    public static (double Order, double StandardError) Fit(IReadOnlyList<double> alphas, IReadOnlyList<double> errors, IReadOnlyList<double> standardErrors, IReadOnlyList<bool> use)
    {
        double sw = 0, sx = 0, sy = 0;
        var count = 0;
        for (var j = 0; j < alphas.Count; j++)
        {
            if (!use[j]) continue;
            var w = Weight(errors[j], standardErrors[j]);
            sw += w;
            sx += w * Math.Log(alphas[j]);
            sy += w * Math.Log(Math.Abs(errors[j]));
            count++;
        }
        if (count < 2) return (double.NaN, double.NaN);
        double xm = sx / sw, ym = sy / sw, sxx = 0, sxy = 0;
        for (var j = 0; j < alphas.Count; j++)
        {
            if (!use[j]) continue;
            var w = Weight(errors[j], standardErrors[j]);
            var dx = Math.Log(alphas[j]) - xm;
            sxx += w * dx * dx;
            sxy += w * dx * (Math.Log(Math.Abs(errors[j])) - ym);
        }
        return (sxy / sxx, 1 / Math.Sqrt(sxx));
    }

    /// <summary>
    /// The fit with the leading next-order term of the weak-error expansion e(α) = c_p α^p (1 + bα + O(α²)) (math.md §7.4,
    /// "Next-order check"): ln|êⱼ| = a + p ln αⱼ + b αⱼ by weighted least squares with the weights of <see cref="Fit"/>, over
    /// the levels where <paramref name="use"/> is true. Returns p̂ and its WLS standard error √(S_zz/det) (x = ln α, z = α,
    /// sums of w·(deviation from the weighted mean) products); NaN when fewer than three levels are used.
    /// </summary>
    public static (double Order, double StandardError) FitWithNextOrder(IReadOnlyList<double> alphas, IReadOnlyList<double> errors, IReadOnlyList<double> standardErrors, IReadOnlyList<bool> use)
    {
        double sw = 0, sx = 0, sz = 0, sy = 0;
        var count = 0;
        for (var j = 0; j < alphas.Count; j++)
        {
            if (!use[j]) continue;
            var w = Weight(errors[j], standardErrors[j]);
            (sw, sx, sz, sy) = (sw + w, sx + w * Math.Log(alphas[j]), sz + w * alphas[j], sy + w * Math.Log(Math.Abs(errors[j])));
            count++;
        }
        if (count < 3) return (double.NaN, double.NaN);
        double xm = sx / sw, zm = sz / sw, ym = sy / sw, sxx = 0, sxz = 0, szz = 0, sxy = 0, szy = 0;
        for (var j = 0; j < alphas.Count; j++)
        {
            if (!use[j]) continue;
            var w = Weight(errors[j], standardErrors[j]);
            double dx = Math.Log(alphas[j]) - xm, dz = alphas[j] - zm, dy = Math.Log(Math.Abs(errors[j])) - ym;
            (sxx, sxz, szz, sxy, szy) = (sxx + w * dx * dx, sxz + w * dx * dz, szz + w * dz * dz, sxy + w * dx * dy, szy + w * dz * dy);
        }
        var det = sxx * szz - sxz * sxz;
        if (!(det > 0)) return (double.NaN, double.NaN);
        return ((szz * sxy - sxz * szy) / det, Math.Sqrt(szz / det));
    }

    /// <summary>wⱼ = 1/Var(ln|êⱼ|) ≈ (êⱼ/SEⱼ)²; an exact level (SE = 0) gets a large finite weight.</summary>
    private static double Weight(double error, double standardError)
    {
        var ratio = standardError > 0 ? error / standardError : 1e12;
        return Math.Min(ratio * ratio, 1e24);
    }

    /// <summary>p̂ⱼ = ln(êⱼ/êⱼ₊₁)/ln(αⱼ/αⱼ₊₁) when both errors have the same sign, else null.</summary>
    public static double? LocalRate(double alpha, double error, double nextAlpha, double nextError) =>
        Math.Sign(error) != 0 && Math.Sign(error) == Math.Sign(nextError)
            ? Math.Log(error / nextError) / Math.Log(alpha / nextAlpha)
            : null;
}
