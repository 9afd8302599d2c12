namespace FlowDsl.MeanField;

/// <summary>The continuous mean-field models of math.md §4.4 that run on the particle configuration.</summary>
public enum MeanFieldFlowKind
{
    /// <summary>M0, the mean-field ODE <c>dX = V(X,μ) dt</c> (weak order 1 in α).</summary>
    MeanFieldOde,

    /// <summary>M2, the DD-SF <c>dX = V dt + √α ∫ G W(dθ,dt)</c> (no correction, weak order 1).</summary>
    DistributionDependentFlow,

    /// <summary>M3, the DD-SMF <c>dX = b_α dt + √α ∫ G W(dθ,dt)</c>, <c>b_α = V − (α/2)[JV + M]</c> (weak order 2).</summary>
    DistributionDependentModifiedFlow,
}
