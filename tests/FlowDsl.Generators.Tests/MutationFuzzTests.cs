using System.Globalization;
using FlowDsl.Generators.Tests.Fuzzing;
using Xunit.Abstractions;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// The generator under mutation fuzzing (see <see cref="MutationFuzzer"/>): 2,000 mutants of the sample models per CI
/// run, with a fixed seed, and not one crash, hang, FDSL0020, accepted-but-uncompilable mutant, silently ignored
/// model type or wrong gradient.
/// <para>
/// The longer run is opt-in: <c>FLOWDSL_FUZZ_MUTANTS=20000 dotnet test tests/FlowDsl.Generators.Tests -c Release
/// --filter MutationFuzzTests</c> (and <c>FLOWDSL_FUZZ_SEED=n</c> for another seed); it also writes sums of up to
/// 10,000 terms. The counts are printed with the test output (<c>--logger "console;verbosity=detailed"</c>) and, with
/// <c>FLOWDSL_FUZZ_LOG=file</c>, appended to that file batch by batch.
/// </para>
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int CiMutants = 2000;
    private const int CiSeed = 20261204;
    private const int CiCompiled = 100;

    [Fact]
    public void Mutants_of_the_sample_models_never_crash_hang_miscompile_or_get_wrong_gradients()
    {
        var count = Setting("FLOWDSL_FUZZ_MUTANTS", CiMutants);
        var seed = Setting("FLOWDSL_FUZZ_SEED", CiSeed);
        // Long runs also write sums of up to 10,000 terms and nesting 400 deep, unless FLOWDSL_FUZZ_HUGE=0 keeps the CI sizes.
        if (count > CiMutants && Environment.GetEnvironmentVariable("FLOWDSL_FUZZ_HUGE") != "0") (Mutations.MaxSumTerms, Mutations.MaxDepth) = (10_000, 400);
        // Emitting generated code costs ~0.5 s of CPU per model: CI emits and runs the first 100 accepted mutants and
        // checks the declarations of the rest; the long run emits every one (or FLOWDSL_FUZZ_COMPILED of them).
        var compileLimit = Setting("FLOWDSL_FUZZ_COMPILED", count > CiMutants ? int.MaxValue : CiCompiled);
        // FLOWDSL_FUZZ_LOG=file: progress also goes to that file as it happens (xunit shows test output only at the
        // end, which a crashed test host never reaches), so a long run that dies still says how far it got.
        var logFile = Environment.GetEnvironmentVariable("FLOWDSL_FUZZ_LOG");
        void Log(string line)
        {
            output.WriteLine(line);
            if (!string.IsNullOrEmpty(logFile)) File.AppendAllText(logFile, line + Environment.NewLine);
        }
        var report = new MutationFuzzer(seed, compileLimit, Log).Run(count);
        Log($"seed {seed}: {report}");

        Assert.True(report.FailureCount == 0, $"{report}\n\n{string.Join("\n\n", report.Failures)}");
        // The run must have reached every stage, or the zeros above mean nothing.
        Assert.True(report.RejectedByCompiler > count / 10, report.ToString());
        Assert.True(report.RejectedByGenerator > count / 10, report.ToString());
        Assert.True(report.GradientsVerified > Math.Min(compileLimit, count) / 3, report.ToString());
        Assert.True(report.LaneStepsVerified > Math.Min(compileLimit, count) / 4, report.ToString());
        Assert.Equal(Mutations.All.Select(m => m.Name).Order(StringComparer.Ordinal), report.Operators.Keys);
        string[] diagnostics = ["FDSL0004", "FDSL0005", "FDSL0006", "FDSL0008", "FDSL0009", "FDSL0010", "FDSL0011", "FDSL0012", "FDSL0013", "FDSL0018", "FDSL0019", "FDSL0021"];
        Assert.Empty(diagnostics.Except(report.GeneratorDiagnostics.Keys));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
