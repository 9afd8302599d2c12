using FlowDsl.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlowDsl.Generators.Tests;

/// <summary>Generating MnistMlp (W1 is 16×784) must stay cheap: loops, not 12,544 scalar statements, and well under 2 s.</summary>
public sealed class GeneratorPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Generating_MnistMlp_takes_under_two_seconds_and_stays_compact()
    {
        GeneratorHarness.Run(GeneratorHarness.SampleSource("Quadratic.cs")); // JIT the generator first: measure the work, not the warm-up

        var compilation = GeneratorHarness.Compilation(GeneratorHarness.SampleSource("MnistMlp.cs"));
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var elapsed = driver.GetTimingInfo().ElapsedTime;
        var source = driver.GetRunResult().GeneratedTrees.Single().ToString();
        var lines = source.Split('\n').Length;

        output.WriteLine($"MnistMlp: generator {elapsed.TotalMilliseconds:F0} ms, {lines} lines, {source.Length} characters");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"generating MnistMlp took {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(lines < 1000, $"MnistMlp's generated file has {lines} lines");
    }
}
