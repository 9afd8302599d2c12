using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FlowDsl.Study.App;

/// <summary>
/// The documented range of every numeric option, checked by the parser: a value outside it is a one-line error that names
/// the option, the value and the range (exit code 2), before anything runs or is written.
/// </summary>
public static class OptionBounds
{
    /// <summary>Paths per level: at least 100 for a standard error; the upper end is set by memory (refused up front with an estimate).</summary>
    public const int MinPaths = 100;
    /// <summary>Solver steps per SGD step: a bound that keeps the Brownian grid N·K·4 far below 2³¹ for any allowed ladder.</summary>
    public const int MaxSubsteps = 4096;
    /// <summary>The largest SGD step count on the ladder.</summary>
    public const int MaxLadderSteps = 65_536;
    /// <summary>Worker threads.</summary>
    public const int MaxThreads = 1024;
    /// <summary>Bootstrap replicates.</summary>
    public const int MaxBootstrap = 100_000;
    /// <summary>The horizon T.</summary>
    public const double MaxHorizon = 1e6;

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/>.</summary>
    public static void Range(Option<int> option, int min, int max) =>
        option.Validators.Add(r => Check(r, option.Name, TryGet<int>(r, out var v), v, min, max));

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/> when the option is given.</summary>
    public static void Range(Option<int?> option, int min, int max) =>
        option.Validators.Add(r => Check(r, option.Name, TryGet<int?>(r, out var v) && v is not null, v ?? 0, min, max));

    /// <summary>Requires a finite value in (0, <paramref name="max"/>].</summary>
    public static void Positive(Option<double> option, double max) =>
        option.Validators.Add(r =>
        {
            if (TryGet<double>(r, out var v) && !(v > 0 && v <= max))
                r.AddError($"{option.Name} must be a positive number at most {max.ToString("N0", CultureInfo.InvariantCulture)}; got {v.ToString("G", CultureInfo.InvariantCulture)}.");
        });

    private static void Check(OptionResult r, string name, bool present, long value, long min, long max)
    {
        if (present && value < min && max == int.MaxValue)
            r.AddError($"{name} must be at least {min.ToString("N0", CultureInfo.InvariantCulture)}; got {value.ToString(CultureInfo.InvariantCulture)}.");
        else if (present && (value < min || value > max))
            r.AddError($"{name} must be between {min.ToString("N0", CultureInfo.InvariantCulture)} and {max.ToString("N0", CultureInfo.InvariantCulture)}; got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>The option's value, or false when its token did not convert (the parser reports that error itself).</summary>
    public static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
