using System.Collections;
using System.Diagnostics;
using System.Text;

namespace FlowDsl.IntegrationTests.Package;

/// <summary>Runs the real <c>dotnet</c> CLI, as a user would, with an environment cleaned of the test host's MSBuild state.</summary>
internal static class DotNetCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>The <c>dotnet</c> executable running this test (set by the SDK), else the one on PATH.</summary>
    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>Runs <c>dotnet arguments…</c> in <paramref name="workingDirectory"/> and waits for it (at most five minutes).</summary>
    /// <param name="environment">Variables to set for the child, on top of the cleaned environment.</param>
    public static async Task<CommandResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        CleanEnvironment(start.Environment);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' in {workingDirectory} did not finish within {s_timeout}:\n{output}");
            }
        }
        process.WaitForExit(); // drains the asynchronous output readers
        lock (output)
            return new CommandResult($"dotnet {string.Join(' ', arguments)}", process.ExitCode, output.ToString(), clock.Elapsed);
    }

    /// <summary>
    /// Drops the MSBuild variables a test host inherits from <c>dotnet test</c> (SDK paths, node settings), which
    /// would make the child build a different SDK context than a user's shell, and pins the rest: English messages,
    /// no build servers left running after the test.
    /// </summary>
    private static void CleanEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(k => k.Contains("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            environment.Remove(name);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
    }
}
