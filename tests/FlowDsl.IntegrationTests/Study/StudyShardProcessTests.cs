using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlowDsl.IntegrationTests.Package;
using FlowDsl.Study.App;
using Xunit.Abstractions;

namespace FlowDsl.IntegrationTests.Study;

/// <summary>
/// Issue 18's check, as a batch scheduler runs it: four shards of the OU study as four separate processes, merged by a
/// fifth, give the unsharded run's estimates bit for bit and its verdicts; a bad set of parts is refused (exit 2, nothing written).
/// </summary>
public sealed class StudyShardProcessTests(ITestOutputHelper output)
{
    /// <summary>The study program as built next to this test (the same build for every process, as on a cluster).</summary>
    private static readonly string Program = typeof(StudyRunner).Assembly.Location;

    /// <summary>One small study: OU (exact SGD, coupled SGD control variate, antithetic pairs, h/2 check on the first 500 paths).</summary>
    private static readonly string[] Study = ["--studies", "ou", "--paths", "1200", "--ladder", "8", "16", "32", "--bootstrap", "40", "--no-plots", "--quiet"];

    private static Task<CommandResult> Run(string folder, params string[] arguments) =>
        DotNetCli.RunAsync(folder, new Dictionary<string, string>(), [Program, .. arguments]);

    [Fact]
    public async Task FourShardProcessesMergeToTheUnshardedRunBitForBit()
    {
        var folder = Directory.CreateTempSubdirectory("flowdsl-shards-").FullName;
        try
        {
            // The unsharded run and the four shards at once: five processes, the shards with another thread count.
            var single = Run(folder, [.. Study, "--threads", "2", "--output", "single"]);
            var shards = Enumerable.Range(0, 4).Select(i => Run(folder, [.. Study, "--threads", "1", "--shard", $"{i}/4", "--output", "parts"])).ToList();
            var done = await Task.WhenAll([single, .. shards]);
            foreach (var process in done) output.WriteLine(process.ToString());
            Assert.True(done[0].ExitCode is 0 or 3, done[0].ToString()); // 3: a verdict failed, the run itself did not
            foreach (var shard in done[1..]) Assert.True(shard.ExitCode == 0, shard.ToString());
            var parts = Enumerable.Range(0, 4).Select(i => Path.Combine(folder, "parts", $"part-{i}-of-4.json")).ToArray();
            var merge = await Run(folder, ["merge", .. parts, "--output", "merged", "--threads", "1", "--no-plots", "--quiet"]);
            output.WriteLine(merge.ToString());
            Assert.Equal(done[0].ExitCode, merge.ExitCode); // the same verdicts give the same exit code

            var a = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "single", "ou.json")))!;
            var b = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "merged", "ou.json")))!;
            // JSON writes the shortest round-trip form of each double, so equal text is equal bits.
            Assert.Equal(Estimates(a), Estimates(b));
            Assert.Equal(a["allPass"]!.GetValue<bool>(), b["allPass"]!.GetValue<bool>());
            Assert.Equal(a["configuration"]!["paths"]!.GetValue<int>(), b["configuration"]!["paths"]!.GetValue<int>());
            // The CSV rows (every number of every level) are the same text; the header comment names the thread count.
            Assert.Equal(File.ReadLines(Path.Combine(folder, "single", "ou.csv")).Skip(1), File.ReadLines(Path.Combine(folder, "merged", "ou.csv")).Skip(1));
            foreach (var file in new[] { "study.json", "ou.txt", "ou.csv", "ou.json" })
                Assert.True(File.Exists(Path.Combine(folder, "merged", file)), $"merge wrote no {file}");

            // Three of four parts: a gap, refused in one line with nothing written.
            var partial = await Run(folder, ["merge", parts[0], parts[1], parts[3], "--output", "refused", "--quiet"]);
            output.WriteLine(partial.ToString());
            Assert.Equal(2, partial.ExitCode);
            Assert.Contains("paths 600..900 of 0..1200 are in no part", partial.Output);
            Assert.Single(partial.Output.Trim().Split('\n'));
            Assert.False(Directory.Exists(Path.Combine(folder, "refused")));
            // A part twice: an overlap.
            var twice = await Run(folder, ["merge", .. parts, parts[2], "--output", "refused", "--quiet"]);
            Assert.Equal(2, twice.ExitCode);
            Assert.Contains("overlap", twice.Output);
            Assert.False(Directory.Exists(Path.Combine(folder, "refused")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task StudiesThatCannotBeShardedAreRefusedInOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("flowdsl-shards-").FullName;
        try
        {
            var meanField = Run(folder, "--studies", "mean-field", "--shard", "0/2", "--output", "mf", "--quiet");
            var adaptive = Run(folder, "--set", "user-models", "--studies", "tanh-regression", "--shard", "0/2", "--output", "adaptive", "--quiet");
            var done = await Task.WhenAll(meanField, adaptive);
            foreach (var process in done) output.WriteLine(process.ToString());
            Assert.All(done, d => Assert.Equal(2, d.ExitCode));
            Assert.Contains("cannot be sharded", done[0].Output);
            Assert.Contains("fixed path count", done[1].Output);
            Assert.All(done, d => Assert.Single(d.Output.Trim().Split('\n')));
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData("--shard", "4/4")]
    [InlineData("--shard", "three/4")]
    [InlineData("--paths-range", "10..5")]
    [InlineData("--shard", "0/2", "--paths-range", "0..100")]
    [InlineData("--part", "p.json")]
    public void BadShardArgumentsExitTwoWithOneLine(params string[] args)
    {
        var (exit, _, error) = StudyProgramTests.Invoke([.. args, "--studies", "ou", "--paths", "200"]);
        output.WriteLine(error);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
    }

    /// <summary>The orders with every estimate, SE, rate and verdict (the wall-clock advice of an inconclusive verdict aside).</summary>
    private static string Estimates(JsonNode result)
    {
        var orders = result["orders"]!.DeepClone();
        foreach (var order in orders.AsArray())
            foreach (var level in order!["levels"]!.AsArray()) level!.AsObject().Remove("secondsToResolve");
        return Regex.Replace(orders.ToJsonString(), @" \(≈ [^)]*\)|\.TimeBudget\(\d+\)|--budget-seconds \d+", "");
    }
}
