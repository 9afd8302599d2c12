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
