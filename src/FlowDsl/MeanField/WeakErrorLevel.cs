namespace FlowDsl.MeanField;

/// <summary>One rung of an α-ladder: <c>e(α) = E Ψ(SGD) − E Ψ(model)</c> (math.md §0.1, signed) with its standard error.</summary>
/// <param name="Alpha">α = T/K.</param>
/// <param name="Sgd">E Ψ(νⁿ) after K particle-SGD steps (exact when enumerated).</param>
/// <param name="SgdError">Its standard error (0 when exact).</param>
/// <param name="Model">E Ψ(μ_T) of the continuous model.</param>
/// <param name="ModelError">Its standard error.</param>
public sealed record WeakErrorLevel(double Alpha, double Sgd, double SgdError, double Model, double ModelError)
{
    /// <summary>e(α) = Sgd − Model.</summary>
    public double Error => Sgd - Model;

    /// <summary>SE of e(α) (independent sides).</summary>
    public double ErrorStandardError => Math.Sqrt(SgdError * SgdError + ModelError * ModelError);
}

/// <summary>The fitted weak order p̂ with SE(p̂) (math.md §7.4, weighted least squares of ln|e| on ln α).</summary>
/// <param name="Order">p̂.</param>
/// <param name="StandardError">SE(p̂) = 1/√(Σ wⱼ (xⱼ − x̄_w)²), wⱼ = (ê/SE)².</param>
/// <param name="Levels">The rungs used.</param>
public sealed record WeakOrderEstimate(double Order, double StandardError, IReadOnlyList<WeakErrorLevel> Levels)
{
    /// <summary>
    /// Weighted least squares of yⱼ = ln|êⱼ| on xⱼ = ln αⱼ with wⱼ = 1/Var(yⱼ) ≈ (êⱼ/SEⱼ)² (delta method). Levels with
    /// zero SE get the weight of the best-resolved noisy level times 100 (they are exact up to rounding).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two levels, or errors that change sign.</exception>
    public static WeakOrderEstimate Fit(IReadOnlyList<WeakErrorLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count < 2) throw new ArgumentException("A slope needs at least two α-levels.", nameof(levels));
        if (levels.Select(l => Math.Sign(l.Error)).Distinct().Count() != 1)
            throw new ArgumentException("The weak errors change sign across the ladder; a log-log slope is meaningless (math.md §7.4).", nameof(levels));
        var resolved = levels.Where(l => l.ErrorStandardError > 0).Select(l => Math.Pow(l.Error / l.ErrorStandardError, 2)).DefaultIfEmpty(1e6).Max();
        var w = levels.Select(l => l.ErrorStandardError > 0 ? Math.Pow(l.Error / l.ErrorStandardError, 2) : 100 * resolved).ToArray();
        var x = levels.Select(l => Math.Log(l.Alpha)).ToArray();
        var y = levels.Select(l => Math.Log(Math.Abs(l.Error))).ToArray();
        var sw = w.Sum();
        var xbar = w.Zip(x, (a, b) => a * b).Sum() / sw;
        var ybar = w.Zip(y, (a, b) => a * b).Sum() / sw;
        double sxx = 0, sxy = 0;
        for (var j = 0; j < x.Length; j++)
        {
            sxx += w[j] * (x[j] - xbar) * (x[j] - xbar);
            sxy += w[j] * (x[j] - xbar) * (y[j] - ybar);
        }
        return new WeakOrderEstimate(sxy / sxx, 1 / Math.Sqrt(sxx), levels);
    }
}
