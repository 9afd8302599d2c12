using FlowDsl.Generators.Tests.Infrastructure;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// The generated source of the four sample models (read from samples/FlowDsl.Models), against reviewed baselines in
/// Snapshots/SnapshotTests/&lt;Model&gt;/. Each also compiles with zero warnings.
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("Quadratic")]
    [InlineData("Multiplicative")]
    [InlineData("TeacherStudent")]
    [InlineData("MnistMlp")]
    public void Generated_source_matches_the_baseline(string model)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.SampleSource(model + ".cs")).AssertGeneratorDidNotThrow();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Sources);
        SnapshotAssert.Matches(run.Sources, nameof(SnapshotTests), model);
    }
}
