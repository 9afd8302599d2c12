namespace FlowDsl.Study;

/// <summary>
/// The Monte Carlo effort behind one level of an adaptive study: how many paths each side used, how long they took,
/// the variance reduction the control partners achieved, and, when the level is not resolved (|ê|/SE &lt; 5), roughly how
/// many paths and seconds would resolve it.
/// </summary>
/// <param name="SgdPaths">Paths on the SGD side (SGD paired with its Gaussian control partner).</param>
/// <param name="ModelPaths">Paths of the continuous model (paired with its Gaussian control partner).</param>
/// <param name="SgdSeconds">Wall-clock seconds of the SGD side of this level (shared by every model).</param>
/// <param name="ModelSeconds">Wall-clock seconds of this model's paths at this level, the h/2 rerun included.</param>
/// <param name="SgdVarianceReduction">Var Ψ(SGD) / Var[Ψ(SGD) − Ψ(G)]: the factor the coupled partner saves on the SGD side.</param>
/// <param name="ModelVarianceReduction">Var Ψ(model) / Var[Ψ(model) − Ψ(G')]: the factor the partner saves on the model side.</param>
/// <param name="SignalToNoise">|ê|/SE.</param>
/// <param name="SgdPathsToResolve">When unresolved: SGD-side paths estimated to reach |ê|/SE ≥ 5 (null when resolved).</param>
/// <param name="ModelPathsToResolve">When unresolved: model paths estimated to reach |ê|/SE ≥ 5 (null when resolved).</param>
/// <param name="SecondsToResolve">When unresolved: the estimated wall-clock seconds for those paths at this run's speed.</param>
public sealed record MonteCarloEffort(
    int SgdPaths, int ModelPaths, double SgdSeconds, double ModelSeconds, double SgdVarianceReduction, double ModelVarianceReduction,
    double SignalToNoise, long? SgdPathsToResolve, long? ModelPathsToResolve, double? SecondsToResolve);
