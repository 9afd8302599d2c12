using System.Diagnostics;
using System.Globalization;

namespace FlowDsl.Study;

/// <summary>
/// The adaptive path budget of a weak-error study. After each batch, every level's factor (5·SE/|ê|)² of paths still
/// needed is known. A level is <i>reachable</i> when the paths it needs fit in the budget (<see cref="ReachablePaths"/>);
/// the next batch grows the total by the factor of the worst reachable level × 1.2, clamped to ×2…×4 and to what fits;
/// levels out of reach are left unresolved (the fit skips them) and reported with the paths they would need.
/// Without either budget the first batch is the only one (fixed paths).
/// </summary>
/// <remarks>
/// The time budget is honest: the cost per path is measured on the last batch (plus any levels added since), and a batch
/// is sized so that it <i>and</i> the h/2 solver check that follows the batches are predicted to end inside the budget. The
/// check simulates only the continuous models, at twice the substeps: its cost per path is twice the <i>model</i> seconds per
/// path (measured apart from SGD, whose share can dominate, e.g. with several SGD runs per path). Time decides only
/// at batch boundaries and the paths used are recorded, so a rerun with <c>.Paths(n)</c> reproduces the numbers.
/// </remarks>
internal sealed class PathBudgetRun
{
    private const double Safety = 0.9; // predicted end ≤ 90 % of the time budget (the prediction is a measurement on a shared machine)

    private readonly int? _maxPaths;
    private readonly double? _seconds;
    private readonly bool _antithetic;
    private readonly Func<int, int> _checkPaths;
    private readonly Func<double> _clock;
    private readonly Func<double>? _modelClock;
    private readonly List<int> _totals = [];
    private readonly List<string> _notes = [];
    private double _mark, _modelMark, _secondsPerPath, _modelSecondsPerPath;

    /// <param name="first">The first batch.</param>
    /// <param name="maxPaths">The path budget (null: none).</param>
    /// <param name="seconds">The time budget (null: none).</param>
    /// <param name="antithetic">Batches must be even.</param>
    /// <param name="checkPaths">Paths of the h/2 solver check for a total of n paths (0 when it is off).</param>
    /// <param name="modelClock">Seconds spent simulating the continuous models so far (null: the check is costed at the whole cost per path).</param>
    /// <param name="clock">Seconds since the start (null: a stopwatch started now; tests inject one).</param>
    public PathBudgetRun(int first, int? maxPaths, double? seconds, bool antithetic, Func<int, int> checkPaths,
        Func<double>? modelClock = null, Func<double>? clock = null)
    {
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed.TotalSeconds;
        }
        _clock = clock;
        _modelClock = modelClock;
        _maxPaths = maxPaths;
        _seconds = seconds;
        _antithetic = antithetic;
        _checkPaths = checkPaths;
        Outcome = maxPaths is null && seconds is null ? $"fixed: {first} paths" : "";
    }

    /// <summary>Paths simulated so far (the next batch starts at this index).</summary>
    public int Used { get; private set; }

    /// <summary>The running totals after each batch.</summary>
    public IReadOnlyList<int> Totals => _totals;

    /// <summary>Why the batches stopped, and any change of the ladder.</summary>
    public string Outcome { get; private set; }

    /// <summary>Whether batches are added (a path or time budget is set).</summary>
    public bool Adaptive => _maxPaths is not null || _seconds is not null;

    /// <summary>Records paths computed elsewhere in <paramref name="seconds"/> (the parts of a sharded study) as one batch.</summary>
    public void CompletedElsewhere(int size, double seconds)
    {
        _secondsPerPath = _modelSecondsPerPath = seconds / Math.Max(size, 1);
        _mark = _clock();
        _modelMark = _modelClock?.Invoke() ?? 0;
        Used += size;
        _totals.Add(Used);
    }

    /// <summary>Records a finished batch (its measured seconds per path become the cost model).</summary>
    public void Completed(int size)
    {
        var now = _clock();
        _secondsPerPath = (now - _mark) / Math.Max(size, 1);
        _modelSecondsPerPath = ModelSecondsSinceMark(now) / Math.Max(size, 1);
        _mark = now;
        Used += size;
        _totals.Add(Used);
    }

    /// <summary>Records levels added to the ladder after the last batch (simulated for every path used): their cost is added per path.</summary>
    public void LevelsAdded(string note)
    {
        var now = _clock();
        var model = ModelSecondsSinceMark(now);
        if (Used > 0) (_secondsPerPath, _modelSecondsPerPath) = (_secondsPerPath + (now - _mark) / Used, _modelSecondsPerPath + model / Used);
        _mark = now;
        _notes.Add(note);
    }

    /// <summary>Records a level dropped from the ladder; <paramref name="share"/> is its share of the cost per path (its share of solver steps).</summary>
    public void LevelDropped(string note, double share)
    {
        _secondsPerPath *= 1 - share;
        _modelSecondsPerPath *= 1 - share;
        _notes.Add(note);
    }

    /// <summary>Model seconds since the last mark (all of the elapsed time without a model clock); moves the model mark.</summary>
    private double ModelSecondsSinceMark(double now)
    {
        if (_modelClock is null) return now - _mark;
        var model = _modelClock();
        var since = model - _modelMark;
        _modelMark = model;
        return since;
    }

    /// <summary>Measured seconds per path (all the work of a batch) and model seconds per path (what the h/2 check repeats at twice the substeps).</summary>
    internal (double Path, double Model) CostPerPath => (_secondsPerPath, _modelSecondsPerPath);

    /// <summary>Predicted seconds from the start to the end of the solver check, with <paramref name="total"/> paths.</summary>
    internal double PredictedSeconds(long total) =>
        _clock() + _secondsPerPath * (total - Used) + 2.0 * _modelSecondsPerPath * _checkPaths((int)Math.Min(total, int.MaxValue));

    /// <summary>The largest total of paths that fits in both budgets (at least <see cref="Used"/>).</summary>
    public long ReachablePaths()
    {
        long cap = _maxPaths ?? int.MaxValue;
        if (_seconds is not { } seconds || _secondsPerPath <= 0) return Math.Max(cap, Used);
        long lo = Used, hi = Math.Max(cap, Used);
        if (PredictedSeconds(hi) <= Safety * seconds) return hi;
        while (lo < hi)
        {
            var mid = lo + (hi - lo + 1) / 2;
            if (PredictedSeconds(mid) <= Safety * seconds) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>
    /// The rest of a first batch of <paramref name="paths"/> after the probes already run (<see cref="Used"/>): all of it
    /// when it fits in the budgets at the cost per path of the last probe, else what fits (even with antithetic pairs,
    /// possibly 0); a cut is recorded in <see cref="Outcome"/>.
    /// </summary>
    public int FirstBatchRest(int paths)
    {
        var rest = Math.Max(paths - Used, 0);
        var fits = (int)Math.Clamp(ReachablePaths() - Used, 0, rest);
        if (_antithetic) fits -= fits % 2;
        if (fits < rest)
        {
            var note = $"first batch cut from {paths:N0} to {Used + fits:N0} paths to fit the time budget of {(_seconds ?? 0).ToString("0.#", CultureInfo.InvariantCulture)} s";
            _notes.Add(note);
            if (fits == 0) Outcome = note + $" ({Used:N0} probe paths at {_secondsPerPath:0.###} s per path)";
        }
        return fits;
    }

    /// <summary>Whether a level with this factor (5·SE/|ê|)² could be resolved within the budget.</summary>
    public bool Reachable(double factor) => factor <= 1 || (double.IsFinite(factor) && factor * Used * 1.1 <= ReachablePaths());

    /// <summary>
    /// Whether a level is out of reach by a wide margin (it needs more than four times the paths the budget allows): the
    /// factor is estimated from the batches so far and is itself noisy, so only such a level is dropped from the ladder.
    /// </summary>
    public bool FarOutOfReach(double factor) => factor > 1 && (!double.IsFinite(factor) || factor * Used * 1.1 > 4.0 * ReachablePaths());

    /// <summary>
    /// The size of the next batch, or 0 to stop, from the factors of paths still needed, per fit (model × observable) and level.
    /// A fit asks for its worst reachable open level; a fit with fewer resolved levels than a verdict needs
    /// (<see cref="AsymptoticWindow.MinimumLevels"/>) and none in reach asks for its closest level (the estimate of that need is
    /// itself noisy); a fit whose open levels are all out of reach is settled.
    /// </summary>
    public int NextBatch(IReadOnlyList<double[]> neededFactors)
    {
        if (!Adaptive) return 0;
        var reachable = ReachablePaths();
        double worst = 0;
        var skipped = 0;
        foreach (var fit in neededFactors)
        {
            var open = fit.Where(f => f > 1).ToList();
            var targets = open.Where(Reachable).ToList();
            skipped += open.Count - targets.Count;
            if (targets.Count > 0) worst = Math.Max(worst, targets.Max());
            else if (open.Count > 0 && fit.Length - open.Count < AsymptoticWindow.MinimumLevels) worst = Math.Max(worst, open.Min());
        }
        var left = skipped == 0 ? "" : $"; {skipped} level{(skipped == 1 ? "" : "s")} out of reach of the budget left unresolved";
        if (worst <= 1)
        {
            Outcome = (skipped == 0
                ? $"resolved: every level has |ê|/SE ≥ {OrderFit.MinimumSignalToNoise} with {Used:N0} paths"
                : $"every level within reach resolved with {Used:N0} paths{left}") + Notes;
            return 0;
        }
        var growth = double.IsFinite(worst) ? Math.Clamp(1.2 * worst, 2, 4) : 4;
        var target = Math.Min(reachable, (long)Math.Ceiling(Used * growth));
        var size = (int)Math.Min(target - Used, int.MaxValue - Used);
        if (_antithetic) size -= size % 2;
        if (size < Math.Max(Used / 8, 2))
        {
            // A batch this small would not change the verdicts: stop inside the budget.
            Outcome = (_seconds is { } s && reachable < (_maxPaths ?? int.MaxValue)
                ? $"time budget of {s.ToString("0.#", CultureInfo.InvariantCulture)} s spent"
                : $"path budget of {(_maxPaths ?? int.MaxValue):N0} spent") + left + Notes;
            return 0;
        }
        return size;
    }

    private string Notes => _notes.Count == 0 ? "" : "; " + string.Join("; ", _notes);

    /// <summary>Total paths that would make a level with this factor resolved (null when it already is).</summary>
    public long? PathsToResolve(double factor) =>
        factor <= 1 ? null : double.IsFinite(factor) && factor * Used < 1e15 ? (long)Math.Ceiling(factor * Used * 1.1) : long.MaxValue;

    /// <summary>Roughly how long that many paths would take, at the measured cost per path.</summary>
    public double? SecondsFor(long? paths) => paths is { } n && n < long.MaxValue && Used > 0 && _secondsPerPath > 0 ? n * _secondsPerPath : null;

    /// <summary>
    /// The advice appended to an inconclusive verdict, over the levels not left out as pre-asymptotic: per unresolved level the
    /// paths (and time) that would resolve it (three resolved levels are needed), and the options that would: <c>.PathBudget(n)</c> / <c>.TimeBudget(s)</c> / <c>.Paths(n)</c> / <c>.Ladder(…)</c>
    /// (and the command-line flags of the study sample, which map one to one).
    /// </summary>
    public string Advice(IReadOnlyList<LevelEstimate> levels)
    {
        var open = levels.Where(l => l.PathsToResolve is not null).ToList();
        var parts = open.Select(l =>
            l.PathsToResolve == long.MaxValue
                ? $"α = 1/{Math.Round(1 / l.Alpha)}: ê ≈ 0, not resolvable by more paths"
                : $"α = 1/{Math.Round(1 / l.Alpha)}: ≈ {l.PathsToResolve:N0} paths{(l.SecondsToResolve is { } s ? $" (≈ {Seconds(s)})" : "")}").ToList();
        if (parts.Count == 0)
            return $"; used {Used:N0} paths ({Outcome}); to decide: smaller α (finer levels) with .Ladder(…) (--ladder), where e(α) ≈ c·αᵖ holds";
        // A verdict needs three resolved levels in the window: the third smallest requirement is what a rerun needs.
        var needs = levels.Select(l => l.PathsToResolve ?? 0).Where(n => n < long.MaxValue).Order().ToList();
        var enough = needs.Count == 0 ? 0 : needs[Math.Min(AsymptoticWindow.MinimumLevels, needs.Count) - 1];
        var seconds = SecondsFor(enough) is { } t ? Math.Ceiling(t * 1.5 / 10) * 10 : (double?)null;
        var options = enough > 0
            ? $".PathBudget({enough}) or .Paths({enough})" + (seconds is { } sec ? $" with .TimeBudget({sec.ToString("0", CultureInfo.InvariantCulture)})" : "") +
              $" (command line: --budget-paths {enough}" + (seconds is { } sec2 ? $" --budget-seconds {sec2.ToString("0", CultureInfo.InvariantCulture)}" : "") + $", or --paths {enough})"
            : ".PathBudget(n) / .TimeBudget(s) (command line: --budget-paths / --budget-seconds)";
        return $"; used {Used:N0} paths ({Outcome}); to resolve: {string.Join(", ", parts)}. " +
               $"Options: {options}, or larger α with .Ladder(…) (--ladder)";
    }

    private static string Seconds(double s) => s < 120 ? $"{s:0} s" : s < 7200 ? $"{s / 60:0} min" : $"{s / 3600:0.#} h";
}
