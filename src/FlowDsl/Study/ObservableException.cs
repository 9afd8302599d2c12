using System.Globalization;

namespace FlowDsl.Study;

/// <summary>
/// An observable returned NaN or ±∞. The message names the observable, where it was evaluated (the model or SGD, and α),
/// the path and the state, so the user can see which test function fails where (instead of an error deep in the fit).
/// </summary>
public sealed class ObservableException : ArithmeticException
{
    /// <summary>Creates the exception for observable <paramref name="observable"/>, which returned <paramref name="value"/>.</summary>
    /// <param name="observable">The observable's name.</param>
    /// <param name="value">What it returned (NaN or ±∞).</param>
    /// <param name="where">Where it was evaluated, e.g. "SME-2 at α = 1/8".</param>
    /// <param name="path">The Monte Carlo path, or null for an exact expectation (an enumeration of SGD's data sequences).</param>
    /// <param name="state">The state it was given (the first point or the particle configuration).</param>
    public ObservableException(string observable, double value, string where, int? path, ReadOnlySpan<double> state)
        : base($"The observable '{observable}' returned {value.ToString(CultureInfo.InvariantCulture)} for {where}" +
               $"{(path is { } p ? $", path {p}" : "")}, at x = [{Preview(state)}]; an observable must return a finite number wherever the state can go.")
    {
        Observable = observable;
        Value = value;
        Where = where;
        Path = path;
    }

    /// <summary>The observable's name.</summary>
    public string Observable { get; }
    /// <summary>The non-finite value it returned.</summary>
    public double Value { get; }
    /// <summary>Where it was evaluated (model or SGD, and α).</summary>
    public string Where { get; }
    /// <summary>The Monte Carlo path; null for an exact expectation.</summary>
    public int? Path { get; }

    /// <summary>Returns <paramref name="value"/> when finite, else throws for <paramref name="observable"/>.</summary>
    internal static double Finite(double value, string observable, string where, int? path, ReadOnlySpan<double> state) =>
        double.IsFinite(value) ? value : throw new ObservableException(observable, value, where, path, state);

    private static string Preview(ReadOnlySpan<double> x)
    {
        var shown = Math.Min(x.Length, 6);
        var parts = new string[shown];
        for (var i = 0; i < shown; i++) parts[i] = x[i].ToString("G6", CultureInfo.InvariantCulture);
        return string.Join(", ", parts) + (x.Length > shown ? $", … ({x.Length} numbers)" : "");
    }
}
