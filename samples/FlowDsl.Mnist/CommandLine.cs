using System.Globalization;

namespace FlowDsl.Mnist;

/// <summary>A minimal "--name value" parser: every unknown or malformed option is an error that names it.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/> after the command word.</summary>
    public CommandLine(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) _values[name] = "true";
                name = arg[2..];
            }
            else if (name is null) throw new ArgumentException($"Unexpected argument '{arg}': options are written --name value.");
            else
            {
                _values[name] = arg;
                name = null;
            }
        }
        if (name is not null) _values[name] = "true";
    }

    /// <summary>A string option.</summary>
    public string Get(string name, string fallback)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name, fallback);
    }

    /// <summary>A number option (invariant culture).</summary>
    public double Get(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>An integer option; "60k" and "1_000" are accepted.</summary>
    public int Get(string name, int fallback) => Parse(name, fallback, ParseInt);

    /// <summary>A seed: an integer from 0 to 2⁶⁴ − 1 (a negative number is an error, not a wrapped-around seed).</summary>
    public ulong GetSeed(string name, ulong fallback) => Parse(name, fallback, s => ulong.Parse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>An optional integer option.</summary>
    public int? GetOptional(string name) => _values.ContainsKey(name) ? Get(name, 0) : null;

    /// <summary>Throws when an option was given that no one asked for (a typo).</summary>
    public void ThrowOnUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var text)) return fallback;
        try { return parse(text); }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"--{name}: '{text}' is not a valid {(typeof(T) == typeof(int) ? "integer (at most 2,147,483,647)" : typeof(T) == typeof(ulong) ? "seed (an integer from 0 to 18,446,744,073,709,551,615)" : "number")}.");
        }
    }

    private static int ParseInt(string s)
    {
        s = s.Replace("_", "", StringComparison.Ordinal);
        return s.EndsWith('k') ? checked(int.Parse(s[..^1], CultureInfo.InvariantCulture) * 1000) : int.Parse(s, CultureInfo.InvariantCulture);
    }
}
