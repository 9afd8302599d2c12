using System.Diagnostics;
using System.Globalization;

namespace FlowDsl.Study;

/// <summary>
/// The adaptive path budget of a weak-error study. After each batch, every level's factor (5·SE/|ê|)² of paths still
/// needed is known; the next batch grows the total by that factor × 1.2, clamped to ×2…×4, capped by the path budget
/// and, with a time budget, by the paths that the measured seconds per path say still fit (time decides only here, at
/// batch boundaries). Without either budget the first batch is the only one (fixed paths).
/// </summary>
internal sealed class PathBudgetRun
{
    private readonly int? _maxPaths;
    private readonly double? _seconds;
    private readonly bool _antithetic;
    private readonly double _overhead;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<int> _totals = [];

    /// <param name="first">The first batch.</param>
    /// <param name="maxPaths">The path budget (null: none).</param>
    /// <param name="seconds">The time budget (null: none).</param>
    /// <param name="antithetic">Batches must be even.</param>
    /// <param name="overhead">Work after the batches per unit of batch work (the h/2 solver check), to keep within the time budget.</param>
    public PathBudgetRun(int first, int? maxPaths, double? seconds, bool antithetic, double overhead)
    {
        _maxPaths = maxPaths;
        _seconds = seconds;
        _antithetic = antithetic;
        _overhead = overhead;
        Outcome = maxPaths is null && seconds is null ? $"fixed: {first} paths" : "";
    }

    /// <summary>Paths simulated so far (the next batch starts at this index).</summary>
    public int Used { get; private set; }

    /// <summary>The running totals after each batch.</summary>
    public IReadOnlyList<int> Totals => _totals;

    /// <summary>Why the batches stopped.</summary>
    public string Outcome { get; private set; }

    private bool Adaptive => _maxPaths is not null || _seconds is not null;

    /// <summary>Time spent on these paths before this object existed (the parts of a sharded study).</summary>
    public TimeSpan ElapsedBefore { get; set; }

    private double SecondsPerPath => Used > 0 ? (_clock.Elapsed + ElapsedBefore).TotalSeconds * (1 + _overhead) / Used : 0;

    /// <summary>Records a finished batch.</summary>
    public void Completed(int size)
    {
        Used += size;
        _totals.Add(Used);
    }

    /// <summary>The size of the next batch, or 0 to stop, from the per-level factors of paths still needed.</summary>
    public int NextBatch(Func<double[]> neededFactors)
    {
        if (!Adaptive) return 0;
        var needed = neededFactors();
        var worst = needed.Length == 0 ? 0 : needed.Max();
        if (worst <= 1)
        {
            Outcome = $"resolved: every level has |ê|/SE ≥ {OrderFit.MinimumSignalToNoise} with {Used:N0} paths";
            return 0;
        }
        var cap = (long)(_maxPaths ?? int.MaxValue);
        if (Used >= cap)
        {
            Outcome = $"path budget of {cap:N0} spent";
            return 0;
        }
        var growth = double.IsFinite(worst) ? Math.Clamp(1.2 * worst, 2, 4) : 4;
        var target = Math.Min(cap, (long)Math.Ceiling(Used * growth));
        if (_seconds is { } seconds)
        {
            var fits = (long)Math.Floor((seconds - _clock.Elapsed.TotalSeconds * (1 + _overhead)) / Math.Max(SecondsPerPath, 1e-9));
            if (fits < Math.Max(Used / 4, 100))
            {
                Outcome = $"time budget of {seconds.ToString("0.#", CultureInfo.InvariantCulture)} s spent";
                return 0;
            }
            target = Math.Min(target, Used + fits);
        }
        var size = (int)Math.Min(target - Used, int.MaxValue - Used);
        if (_antithetic) size -= size % 2;
        if (size < 2)
        {
            Outcome = $"path budget of {cap:N0} spent";
            return 0;
        }
        return size;
    }

    /// <summary>Total paths that would make a level with this factor resolved (null when it already is).</summary>
    public long? PathsToResolve(double factor) =>
        factor <= 1 ? null : double.IsFinite(factor) && factor * Used < 1e15 ? (long)Math.Ceiling(factor * Used * 1.1) : long.MaxValue;

    /// <summary>Roughly how long that many paths would take, at the measured cost per path.</summary>
    public double? SecondsFor(long? paths) => paths is { } n && n < long.MaxValue && Used > 0 ? n * SecondsPerPath : null;

    /// <summary>The advice appended to an inconclusive verdict: per unresolved level the paths (and time) that would resolve it.</summary>
    public string Advice(IReadOnlyList<LevelEstimate> levels)
    {
        var parts = levels.Where(l => l.PathsToResolve is not null).Select(l =>
            l.PathsToResolve == long.MaxValue
                ? $"α = 1/{Math.Round(1 / l.Alpha)}: ê ≈ 0, not resolvable by more paths"
                : $"α = 1/{Math.Round(1 / l.Alpha)}: ≈ {l.PathsToResolve:N0} paths{(l.SecondsToResolve is { } s ? $" (≈ {Seconds(s)})" : "")}").ToList();
        if (parts.Count == 0) return "";
        return $"; used {Used:N0} paths ({Outcome}); to resolve: {string.Join(", ", parts)}. " +
               "Raise the path budget (PathBudget / --budget-paths) or the time budget (TimeBudget / --budget-seconds), or use larger α (--ladder)";
    }

    private static string Seconds(double s) => s < 120 ? $"{s:0} s" : s < 7200 ? $"{s / 60:0} min" : $"{s / 3600:0.#} h";
}
