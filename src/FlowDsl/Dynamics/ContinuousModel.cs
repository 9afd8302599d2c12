namespace FlowDsl;

/// <summary>The noise of a continuous model (math.md §0.2, §3.3).</summary>
public enum NoiseModel
{
    /// <summary>No noise: the gradient flow or the deterministic modified ODE.</summary>
    None,
    /// <summary>SME noise Σ(x)^{1/2} dW, an independent d-dimensional Brownian motion for every point (independent copies).</summary>
    SmeIndependent,
    /// <summary>SME noise Σ(x)^{1/2} dW with one d-dimensional Brownian motion shared by the points of a path.</summary>
    SmeSharedBrownian,
    /// <summary>SMF noise ∫G(x,θ)W(dθ,dt): one cylindrical Wiener process shared by the points of a path (§3.4).</summary>
    Smf,
}

/// <summary>
/// A continuous model of SGD: the drift −∇R (order 1) or −∇R − (α/2)∇²R∇R (order 2), and a <see cref="NoiseModel"/>.
/// The presets are the models of math.md §0.2. This is the one name for "which dynamics" in the runtime: the simulators,
/// the studies and the exact-moment engine (<c>Exact.ExactMoments</c>, <c>Exact.ClosedForms</c>) all take it; SGD itself,
/// the process these models approximate, has its own entry points there (<c>ExactMoments.SgdOnePoint</c>, <c>SgdClosedForms</c>).
/// </summary>
/// <param name="Name">Display name, e.g. "SMF-2".</param>
/// <param name="DriftOrder">1: −∇R; 2: −∇R − (α/2)∇²R∇R.</param>
/// <param name="Noise">The noise.</param>
public sealed record ContinuousModel(string Name, int DriftOrder, NoiseModel Noise)
{
    /// <summary>Gradient flow dX = −∇R dt (weak order 1, no noise).</summary>
    public static ContinuousModel GradientFlow { get; } = new("GF", 1, NoiseModel.None);
    /// <summary>SME-1: dX = −∇R dt + √α Σ^{1/2} dW.</summary>
    public static ContinuousModel Sme1 { get; } = new("SME-1", 1, NoiseModel.SmeIndependent);
    /// <summary>SME-2: dX = −∇R dt − (α/2)∇²R∇R dt + √α Σ^{1/2} dW; several points are independent copies.</summary>
    public static ContinuousModel Sme2 { get; } = new("SME-2", 2, NoiseModel.SmeIndependent);
    /// <summary>SME-2 with one shared Brownian motion for all points of a path (correct n-point law only for constant Σ).</summary>
    public static ContinuousModel Sme2SharedBrownian { get; } = new("SME-2 shared-B", 2, NoiseModel.SmeSharedBrownian);
    /// <summary>SMF-1: drift −∇R, cylindrical noise.</summary>
    public static ContinuousModel Smf1 { get; } = new("SMF-1", 1, NoiseModel.Smf);
    /// <summary>SMF-2: drift −∇R − (α/2)∇²R∇R, cylindrical noise: weak order 2 also for the n-point motion.</summary>
    public static ContinuousModel Smf2 { get; } = new("SMF-2", 2, NoiseModel.Smf);

    /// <summary>The weak order this model should show for an observable of <paramref name="points"/> points with non-constant Σ.</summary>
    public int ExpectedOrder(int points) =>
        points > 1 && Noise is NoiseModel.SmeIndependent or NoiseModel.SmeSharedBrownian ? 1 : DriftOrder;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
