using System.Globalization;
using FlowDsl.Reports;

namespace FlowDsl.Study;

/// <summary>
/// Which levels an order fit may use, and whether the fit can decide a verdict (math.md §7.4, "Fit window").
/// </summary>
/// <param name="Use">Per level: in the fit (resolved and inside the asymptotic window).</param>
/// <param name="PreAsymptotic">Per level: resolved but left out as pre-asymptotic (coarser than a sign change of ê or than a disagreement of local rates).</param>
/// <param name="Doubt">Null when the window can decide a verdict; else why it cannot (the verdict is then inconclusive).</param>
public sealed record FitWindow(IReadOnlyList<bool> Use, IReadOnlyList<bool> PreAsymptotic, string? Doubt)
{
    /// <summary>Whether a ✓ or ✗ may rest on this window.</summary>
    public bool Conclusive => Doubt is null;

    /// <summary>The resolved levels left out of a conclusive fit, e.g. "α = 1/8 pre-asymptotic"; empty when none.</summary>
    public string Note { get; init; } = "";
}

/// <summary>
/// The fit window rule of math.md §7.4. A level is <i>resolved</i> when ê ≠ 0 and |ê|/SE ≥ 5 (or SE = 0). Starting from every
/// resolved level, the window drops its coarse end while it is visibly pre-asymptotic: every level coarser than the finest
/// sign change of ê, then the coarsest level while two local rates p̂ᵢ, p̂ₖ of the window disagree,
/// |p̂ᵢ − p̂ₖ| &gt; max(3·SE(p̂ᵢ − p̂ₖ), tol). A verdict may rest only on a window of at least three levels (two levels always
/// fit a line exactly: nothing would show that e(α) ≈ c·αᵖ holds); a smaller window is inconclusive.
/// </summary>
/// <remarks>
/// The asymptotic regime is at small α, so the window is trimmed from the coarse end only. SE(p̂ᵢ − p̂ₖ) is the delta-method
/// standard error of the difference of the two slopes, with Var ln|êⱼ| ≈ (SEⱼ/êⱼ)² and independent levels. The floor tol
/// (the verdict's tolerance) is why exact levels (SE = 0) with a small next-order term still pass: local rates that agree
/// within tol pin the slope to within what the verdict tolerates, whichever levels are fitted.
/// </remarks>
public static class AsymptoticWindow
{
    /// <summary>The levels needed for a conclusive verdict.</summary>
    public const int MinimumLevels = 3;

    /// <summary>Whether a level enters a fit at all: ê ≠ 0 and |ê|/SE ≥ <see cref="OrderFit.MinimumSignalToNoise"/> (an exact level, SE = 0, always).</summary>
    public static bool Resolved(double error, double standardError) =>
        error != 0 && (standardError == 0 || Math.Abs(error) / standardError >= OrderFit.MinimumSignalToNoise);

    /// <summary>Selects the window over levels in any order of α.</summary>
    public static FitWindow Select(IReadOnlyList<double> alphas, IReadOnlyList<double> errors, IReadOnlyList<double> standardErrors, double tolerance)
    {
        var n = alphas.Count;
        // Resolved levels from the coarsest α to the finest.
        var window = Enumerable.Range(0, n).Where(j => Resolved(errors[j], standardErrors[j])).OrderByDescending(j => alphas[j]).ToList();
        var resolved = window.Count;
        var reasons = new List<string>();
        var preAsymptotic = new bool[n];
        while (window.Count >= 2)
        {
            var change = LastSignChange(window, errors);
            if (change >= 0)
            {
                reasons.Add($"ê changes sign between α = {Label(alphas[window[change]])} and {Label(alphas[window[change + 1]])}");
                for (var i = 0; i <= change; i++) preAsymptotic[window[i]] = true;
                window.RemoveRange(0, change + 1);
                continue;
            }
            if (window.Count >= MinimumLevels && Disagreement(window, alphas, errors, standardErrors, tolerance) is { } disagreement)
            {
                reasons.Add(disagreement);
                preAsymptotic[window[0]] = true;
                window.RemoveAt(0);
                continue;
            }
            break;
        }
        var use = new bool[n];
        foreach (var j in window) use[j] = true;
        string? doubt = null;
        if (window.Count < MinimumLevels)
        {
            var count = $"{resolved} of {n} level{(n == 1 ? "" : "s")} resolved (|ê|/SE ≥ {OrderFit.MinimumSignalToNoise.ToString(CultureInfo.InvariantCulture)})";
            doubt = reasons.Count == 0
                ? $"{count}; a verdict needs {MinimumLevels}"
                : $"{count}, but {string.Join("; ", reasons)}: pre-asymptotic, {window.Count} level{(window.Count == 1 ? "" : "s")} left in the asymptotic window and a verdict needs {MinimumLevels}";
        }
        var left = Enumerable.Range(0, n).Where(j => preAsymptotic[j]).OrderByDescending(j => alphas[j]).Select(j => Label(alphas[j])).ToList();
        var note = doubt is null && left.Count > 0 ? $"α = {string.Join(", ", left)} pre-asymptotic" : "";
        return new FitWindow(use, preAsymptotic, doubt) { Note = note };
    }

    /// <summary>
    /// The window when some levels were <paramref name="added"/> by the ladder rule (math.md §7.4): the window of the levels
    /// asked for when it can decide a verdict, the added levels left out ("α = 1/2 of the ladder rule not needed"); else the
    /// window of every level. Added levels are coarser, so the first to be pre-asymptotic, and their large |ê| gives them the
    /// largest weights in the fit: they should enter only when the verdict needs them.
    /// </summary>
    public static FitWindow Select(IReadOnlyList<double> alphas, IReadOnlyList<double> errors, IReadOnlyList<double> standardErrors, double tolerance,
        IReadOnlyList<bool> added)
    {
        var all = Select(alphas, errors, standardErrors, tolerance);
        var asked = Enumerable.Range(0, alphas.Count).Where(j => !added[j]).ToArray();
        if (asked.Length == alphas.Count) return all;
        var own = Select([.. asked.Select(j => alphas[j])], [.. asked.Select(j => errors[j])], [.. asked.Select(j => standardErrors[j])], tolerance);
        if (!own.Conclusive) return all;
        var (use, preAsymptotic) = (new bool[alphas.Count], new bool[alphas.Count]);
        for (var i = 0; i < asked.Length; i++) (use[asked[i]], preAsymptotic[asked[i]]) = (own.Use[i], own.PreAsymptotic[i]);
        var note = $"α = {string.Join(", ", Enumerable.Range(0, alphas.Count).Where(j => added[j]).OrderByDescending(j => alphas[j]).Select(j => Label(alphas[j])))} of the ladder rule not needed";
        return new FitWindow(use, preAsymptotic, null) { Note = own.Note.Length > 0 ? $"{own.Note}; {note}" : note };
    }

    /// <summary>The position i of the finest sign change between window[i] and window[i + 1], or −1.</summary>
    private static int LastSignChange(List<int> window, IReadOnlyList<double> errors)
    {
        for (var i = window.Count - 2; i >= 0; i--)
            if (Math.Sign(errors[window[i]]) != Math.Sign(errors[window[i + 1]])) return i;
        return -1;
    }

    /// <summary>The first pair of local rates of the window that disagree beyond max(3·SE, tol), described; else null.</summary>
    private static string? Disagreement(List<int> window, IReadOnlyList<double> alphas, IReadOnlyList<double> errors, IReadOnlyList<double> ses, double tolerance)
    {
        // Local rate i = (yₐ − y_b)/(xₐ − x_b) over window[i], window[i + 1], with y = ln|ê|, x = ln α.
        var m = window.Count - 1;
        var rates = new double[m];
        var spans = new double[m];
        for (var i = 0; i < m; i++)
        {
            spans[i] = Math.Log(alphas[window[i]]) - Math.Log(alphas[window[i + 1]]);
            rates[i] = (Math.Log(Math.Abs(errors[window[i]])) - Math.Log(Math.Abs(errors[window[i + 1]]))) / spans[i];
        }
        for (var a = 0; a < m; a++)
            for (var b = a + 1; b < m; b++)
            {
                // p̂ₐ − p̂_b as a combination of the y's: + yₐ/sₐ − yₐ₊₁/sₐ − y_b/s_b + y_b₊₁/s_b.
                var coefficients = new Dictionary<int, double>();
                void Add(int position, double c) => coefficients[position] = coefficients.GetValueOrDefault(position) + c;
                Add(a, 1 / spans[a]); Add(a + 1, -1 / spans[a]); Add(b, -1 / spans[b]); Add(b + 1, 1 / spans[b]);
                var variance = coefficients.Sum(kv => kv.Value * kv.Value * LogVariance(errors[window[kv.Key]], ses[window[kv.Key]]));
                var difference = Math.Abs(rates[a] - rates[b]);
                if (difference > Math.Max(3 * Math.Sqrt(variance), tolerance))
                    return $"the local rates {rates[a].ToString("F2", CultureInfo.InvariantCulture)} ({Range(window, a, alphas)}) and " +
                           $"{rates[b].ToString("F2", CultureInfo.InvariantCulture)} ({Range(window, b, alphas)}) differ by " +
                           $"{difference.ToString("F2", CultureInfo.InvariantCulture)} > max(3·SE = {(3 * Math.Sqrt(variance)).ToString("F2", CultureInfo.InvariantCulture)}, " +
                           $"tolerance {tolerance.ToString("0.##", CultureInfo.InvariantCulture)})";
            }
        return null;
    }

    /// <summary>Var ln|ê| ≈ (SE/ê)² (delta method).</summary>
    private static double LogVariance(double error, double standardError) => standardError / error * (standardError / error);

    private static string Range(List<int> window, int i, IReadOnlyList<double> alphas) => $"α = {Label(alphas[window[i]])} → {Label(alphas[window[i + 1]])}";

    private static string Label(double alpha) => AlphaLabel.Format(alpha);
}
