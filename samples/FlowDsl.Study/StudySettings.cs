using System.Text.Json.Serialization;
using FlowDsl.Schemes;

namespace FlowDsl.Study.App;

/// <summary>Everything the command line chooses; the defaults are the documented main job.</summary>
public sealed record StudySettings
{
    /// <summary>Built-in studies to run, by key (see <see cref="BuiltInStudies"/>).</summary>
    public IReadOnlyList<string> Studies { get; init; } = BuiltInStudies.Keys;
    /// <summary>The horizon T.</summary>
    public double Horizon { get; init; } = 1.0;
    /// <summary>The α-ladder as step counts Nⱼ (αⱼ = T/Nⱼ); null: each study's own ladder.</summary>
    public IReadOnlyList<int>? Steps { get; init; }
    /// <summary>Monte Carlo paths per α-level; null: each study's own count.</summary>
    public int? Paths { get; init; }
    /// <summary>The SDE solver.</summary>
    public SchemeKind Scheme { get; init; } = SchemeKind.StochasticHeun;
    /// <summary>K, solver steps per SGD step.</summary>
    public int Substeps { get; init; } = 4;
    /// <summary>The seed of every random draw.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Rerun every model at h/2 to bound the solver bias (math.md §5.8).</summary>
    public bool SolverCheck { get; init; } = true;
    /// <summary>Path-bootstrap replicates for SE(p̂).</summary>
    public int Bootstrap { get; init; } = 200;
    /// <summary>Where tables, plots, CSV and JSON go.</summary>
    public string Output { get; init; } = Path.Combine("flowdsl-output", "weak-error-study");
    /// <summary>The set the studies come from (<see cref="StudySets"/>).</summary>
    public string Set { get; init; } = StudySets.BuiltIn;
    /// <summary>Path budget of studies that size their paths adaptively.</summary>
    public int BudgetPaths { get; init; } = 256_000;
    /// <summary>
    /// Time budget (seconds) of studies that size their paths adaptively (default 60); null: none. Time decides only between
    /// batches and the paths used are reported, so <c>--paths N</c> reproduces a run bit for bit.
    /// </summary>
    public double? BudgetSeconds { get; init; } = 60;
    /// <summary>Relative tolerance of the adaptive Gauss rules for the mean quantities; null: the study default (1e-3, at most 512 nodes).</summary>
    public double? MeanTolerance { get; init; }
    /// <summary>The fine Brownian grid (steps over [0, T]); null: the study's default.</summary>
    public int? BrownianGrid { get; init; }
    /// <summary>SGD runs averaged per path; null: 1, or the adaptive studies' rule.</summary>
    public int? SgdReplicas { get; init; }
    /// <summary>Skip the PNG/SVG plots.</summary>
    public bool NoPlots { get; init; }
    /// <summary>Compute only these paths and write a part file (<c>--shard</c>, <c>--paths-range</c>); null: the whole study.</summary>
    [JsonIgnore] public ShardRequest? Shard { get; init; }
    /// <summary>Merge these parts per study key instead of simulating (the <c>merge</c> verb); null: simulate.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, IReadOnlyList<StudyPart>>? Parts { get; init; }
}
