using System.CommandLine;
using System.Text.RegularExpressions;

namespace FlowDsl.Study.App;

/// <summary>
/// Runs a parsed command line so that invalid input gives one line per error on standard error and exit code 2 (the
/// parser's own default prints the whole help and returns 1).
/// </summary>
public static partial class CommandLineErrors
{
    /// <summary>The exit code for invalid command-line input.</summary>
    public const int InvalidInput = 2;

    /// <summary>Parses <paramref name="args"/> with <paramref name="root"/>: on errors writes them and returns 2, otherwise invokes the action.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var parse = root.Parse(args);
        error ??= Console.Error;
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {Describe(e.Message)}");
            error.WriteLine("Run with --help for the options and their ranges.");
            return InvalidInput;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output ?? Console.Out, Error = error });
    }

    /// <summary>The parser's message with .NET type names replaced by words ("'System.Nullable`1[System.Int32]'" → "an integer").</summary>
    public static string Describe(string message) => OneLine(
        ExpectedType().Replace(message, m => "as " + m.Groups[1].Value switch
        {
            "System.Int32" or "System.Nullable`1[System.Int32]" or "System.Int32[]" => "an integer (at most 2,147,483,647)",
            "System.UInt64" => "a non-negative integer (at most 18,446,744,073,709,551,615)",
            "System.Double" => "a number",
            var other => other.Replace("FlowDsl.Schemes.", "", StringComparison.Ordinal),
        }));

    /// <summary>A multi-line parser message ("Must be one of:" and a list) on one line: "… Must be one of: 'a', 'b'.".</summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 1 ? lines[0] : lines[0] + " " + string.Join(", ", lines[1..]) + ".";
    }

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();
}
