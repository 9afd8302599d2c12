namespace FlowDsl.IntegrationTests.Package;

/// <summary>What a finished <c>dotnet</c> command left behind: its exit code, its merged output and how long it took.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command, its exit code and time, then its output: the message a failing assertion shows.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\n(exit code {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Output}";
}
