namespace FlowDsl.Schemes;

/// <summary>The SDE solvers of math.md §5.</summary>
public enum SchemeKind
{
    /// <summary>Euler–Maruyama (§5.1), weak order 1 in h.</summary>
    EulerMaruyama,
    /// <summary>Stochastic Heun with midpoint diffusion (SH2, §5.2), the default: weak error O(h² + α²h).</summary>
    StochasticHeun,
    /// <summary>Platen's explicit weak order-2 scheme (KP 15.1.5, §5.3): O(m²) diffusion evaluations per step, for small m.</summary>
    Platen,
    /// <summary>Talay–Tubaro extrapolation of Euler–Maruyama (§5.5): 2E f(Y^{h/2}) − E f(Y^h), per path with common random numbers.</summary>
    TalayTubaro,
    /// <summary>Exact transitions of linear SDEs (§5.6): affine drift with constant noise (OU), or d = 1 with linear drift and noise (GBM).</summary>
    ExactLinear,
}

/// <summary>Facts about a <see cref="SchemeKind"/>.</summary>
public static class SchemeFacts
{
    /// <summary>The weak order p in h used by the solver-bias estimate |E_h − E_{h/2}|·2^p/(2^p − 1) (math.md §5.8).</summary>
    public static int WeakOrder(this SchemeKind scheme) => scheme switch
    {
        SchemeKind.EulerMaruyama => 1,
        _ => 2,
    };

    /// <summary>A display name.</summary>
    public static string DisplayName(this SchemeKind scheme) => scheme switch
    {
        SchemeKind.EulerMaruyama => "Euler–Maruyama",
        SchemeKind.StochasticHeun => "stochastic Heun (midpoint diffusion)",
        SchemeKind.Platen => "Platen weak order 2",
        SchemeKind.TalayTubaro => "Euler–Maruyama + Talay–Tubaro",
        _ => "exact linear transition",
    };
}
