namespace FlowDsl.Study;

/// <summary>The full configuration of a weak-error study, written into every report so a run can be repeated.</summary>
/// <param name="Model">The risk model's name.</param>
/// <param name="Law">The law of θ.</param>
/// <param name="MeanMethod">How ∇R, ∇²R·v and Σ were computed (exact or not, and how).</param>
/// <param name="MeansExact">False when the mean quantities come from a fixed sample.</param>
/// <param name="Horizon">T.</param>
/// <param name="Alphas">The α-ladder, αⱼ = T/Nⱼ.</param>
/// <param name="Paths">Monte Carlo paths per level.</param>
/// <param name="Antithetic">Antithetic Brownian pairs.</param>
/// <param name="Seed">The seed of every draw.</param>
/// <param name="Threads">Worker threads (results do not depend on it).</param>
/// <param name="Scheme">The SDE solver.</param>
/// <param name="Substeps">K: solver steps per SGD step (h = α/K).</param>
/// <param name="Batch">Minibatch size B.</param>
/// <param name="Features">M, Monte Carlo features where the SMF noise has no exact factorization.</param>
/// <param name="SgdSampling">How SGD drew θᵢ (coupled to the Brownian path or not).</param>
/// <param name="SgdReference">Where E f(SGD) comes from: exact values, simulation, or both (control variate).</param>
/// <param name="StartingPoints">u₁..uₙ.</param>
/// <param name="Noise">How each continuous model's noise was realised.</param>
/// <param name="SolverCheck">Whether every model was also run at h/2 (math.md §5.8).</param>
/// <param name="BootstrapReplicates">Path-bootstrap replicates for SE(p̂).</param>
/// <param name="FlowDslVersion">The FlowDsl assembly version.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="ModelControlVariates">Whether model-side control variates with exact partner expectations were used.</param>
public sealed record StudyConfiguration(
    string Model, string Law, string MeanMethod, bool MeansExact, double Horizon, IReadOnlyList<double> Alphas,
    int Paths, bool Antithetic, ulong Seed, int Threads, string Scheme, int Substeps, int Batch, int Features,
    string SgdSampling, string SgdReference, IReadOnlyList<double[]> StartingPoints, IReadOnlyDictionary<string, string> Noise,
    bool SolverCheck, int BootstrapReplicates, string FlowDslVersion, string Runtime, bool ModelControlVariates)
{
    /// <summary>Estimated relative error of the mean quantities for P (0: exact; NaN: a fixed sample, no estimate).</summary>
    public double MeanErrorEstimate { get; init; }

    /// <summary>The fine Brownian grid (steps over [0, T]) every level's increments are sums over; <c>.BrownianGrid(n)</c> repeats it.</summary>
    public int BrownianGridSteps { get; init; }

    /// <summary>SGD runs averaged per path (<c>.SgdReplicas(R)</c> repeats it).</summary>
    public int SgdReplicas { get; init; } = 1;

    /// <summary>The adaptive path budget (null: fixed paths, or time only).</summary>
    public int? PathBudget { get; init; }

    /// <summary>The time budget in seconds (null: none). Time decides only at batch boundaries; <see cref="Paths"/> reproduces the run.</summary>
    public double? TimeBudgetSeconds { get; init; }

    /// <summary>The running path totals after each batch.</summary>
    public IReadOnlyList<int> Batches { get; init; } = [];

    /// <summary>Why the batches stopped (resolved, budget spent, or fixed).</summary>
    public string BudgetOutcome { get; init; } = "";

    /// <summary>What reduces the variance of ê (couplings, antithetics, control variates).</summary>
    public string VarianceReduction { get; init; } = "";
}

/// <summary>The weak error at one α for one model and observable.</summary>
/// <param name="Alpha">α.</param>
/// <param name="Steps">N = T/α.</param>
/// <param name="Error">ê(α) = E f(SGD) − E f(model).</param>
/// <param name="StandardError">SE of ê (over paths, or antithetic pairs).</param>
/// <param name="LocalRate">p̂ⱼ = log(ê(αⱼ)/ê(αⱼ₊₁))/log(αⱼ/αⱼ₊₁) towards the next level, when both have the same sign.</param>
/// <param name="SgdExpectation">E f(SGD): exact when <paramref name="SgdExact"/>, else the simulated mean.</param>
/// <param name="SgdExact">Whether E f(SGD) is exact.</param>
/// <param name="ModelExpectation">The estimate of E f under the model: the simulated mean, or, when E f(SGD) is exact, the
/// control-variate estimate E f(SGD) − ê.</param>
/// <param name="ModelStandardError">Its SE.</param>
/// <param name="SolverBias">|E_h − E_{h/2}|·2^p/(2^p − 1), the estimated solver bias (§5.8), when checked.</param>
/// <param name="SolverBiasStandardError">SE of that estimate.</param>
/// <param name="SolverBiasOk">Whether the solver bias is consistent with ≤ 10% of |ê| (bias − 3·SE ≤ 0.1|ê|).</param>
/// <param name="UsedInFit">Whether this level entered the order fit (|ê|/SE ≥ 5 and a usable sign).</param>
public sealed record LevelEstimate(
    double Alpha, int Steps, double Error, double StandardError, double? LocalRate, double SgdExpectation, bool SgdExact,
    double ModelExpectation, double ModelStandardError, double? SolverBias, double? SolverBiasStandardError, bool? SolverBiasOk, bool UsedInFit)
{
    /// <summary>Variance of independent, uncontrolled estimates of ê over the variance achieved (coupling, antithetics, control variates).</summary>
    public double VarianceReduction { get; init; } = double.NaN;

    /// <summary>For a level with |ê|/SE &lt; 5: roughly the total paths that would resolve it (long.MaxValue: ê ≈ 0).</summary>
    public long? PathsToResolve { get; init; }

    /// <summary>Roughly how long <see cref="PathsToResolve"/> paths would take, at the measured cost per path.</summary>
    public double? SecondsToResolve { get; init; }

    /// <summary>The paths, times and variance reduction of an adaptive Monte Carlo level (null when the study did not choose them).</summary>
    public MonteCarloEffort? Effort { get; init; }
}

/// <summary>The measured weak order of one model for one observable.</summary>
/// <param name="Model">The continuous model.</param>
/// <param name="Observable">The observable.</param>
/// <param name="ExpectedOrder">The order theory predicts (SME for n-point statistics: 1).</param>
/// <param name="Order">p̂: weighted least-squares slope of ln|ê| on ln α (NaN if fewer than two usable levels).</param>
/// <param name="StandardError">The SE used for the verdict: the path-bootstrap SE (levels share paths), or the WLS SE without bootstrap.</param>
/// <param name="WlsStandardError">SE(p̂) assuming independent levels.</param>
/// <param name="BootstrapStandardError">Path-bootstrap SE(p̂), NaN when not computed.</param>
/// <param name="Tolerance">The minimum tolerance of the verdict.</param>
/// <param name="Pass">|p̂ − p| ≤ max(3·SE, tolerance) and the solver bias is small.</param>
/// <param name="Verdict">For example "order 2 ✓".</param>
/// <param name="Levels">The α-levels, largest α first.</param>
public sealed record OrderEstimate(
    string Model, string Observable, int ExpectedOrder, double Order, double StandardError, double WlsStandardError,
    double BootstrapStandardError, double Tolerance, bool Pass, string Verdict, IReadOnlyList<LevelEstimate> Levels)
{
    /// <summary>
    /// False when the verdict is "inconclusive" (the levels cannot decide it yet; <see cref="Verdict"/> says why and what would
    /// decide it), true for ✓ and ✗: a verdict that fails and is conclusive disagrees with the theory.
    /// </summary>
    public bool Conclusive { get; init; } = true;
}
