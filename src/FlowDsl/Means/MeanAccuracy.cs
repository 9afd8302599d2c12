namespace FlowDsl;

/// <summary>
/// The accuracy asked of the mean quantities ∇R(x), ∇²R(x)v and Σ(x) when no finite rule is exact (a risk that is not
/// polynomial in θ under a continuous law): tensor Gauss rules are refined, axis by axis, until every one-step refinement
/// changes them by at most <see cref="Tolerance"/> (relative, max-norm) at the probe points, or the rule would exceed
/// <see cref="MaxNodes"/>.
/// </summary>
/// <param name="Tolerance">Relative tolerance (default 1e-6).</param>
/// <param name="MaxNodes">Largest tensor rule tried (default 20 000).</param>
/// <param name="Probes">Points x at which convergence is checked, besides two generic points (e.g. a study's starting points).</param>
public sealed record MeanAccuracy(double Tolerance = 1e-6, int MaxNodes = 20_000, IReadOnlyList<double[]>? Probes = null)
{
    /// <summary>The default: relative 1e-6, at most 20 000 nodes.</summary>
    public static MeanAccuracy Default { get; } = new();

    /// <summary>Throws unless the tolerance is positive and the node budget at least 1.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The mean-quantity tolerance must be a positive number.");
        if (MaxNodes < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxNodes), MaxNodes, "The node budget of the mean-quantity rule must be at least 1.");
    }
}

/// <summary>The rule an adaptive refinement settled on, with its error estimate.</summary>
/// <param name="Rule">The tensor rule.</param>
/// <param name="Points">Gauss points per axis.</param>
/// <param name="ErrorEstimate">The largest relative change of the mean quantities under any one further refinement.</param>
/// <param name="Converged">Whether <see cref="ErrorEstimate"/> ≤ the tolerance.</param>
public sealed record AdaptiveRule(Quadrature Rule, int[] Points, double ErrorEstimate, bool Converged);
