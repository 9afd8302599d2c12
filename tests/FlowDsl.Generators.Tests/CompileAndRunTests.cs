using FlowDsl.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// Generated code compiled in memory with zero warnings (warning level 9999, nullable on), loaded and run: its
/// gradients, Hessian-vector products and data-Jacobian products agree with fourth-order central finite differences
/// of the user's own method (relative error ≤ 1e-6), for the sample models and for hundreds of random models.
/// </summary>
public sealed class CompileAndRunTests(ITestOutputHelper output)
{
    private const int RandomModelCount = 504;
    private const int Seed = 20261126;

    [Fact]
    public void Sample_models_compile_without_warnings_and_match_finite_differences()
    {
        string[] models = ["Quadratic", "QuadraticLanes", "Multiplicative", "TeacherStudent", "MnistMlp"];
        var run = GeneratorHarness.Run(models.Select(m => GeneratorHarness.SampleSource(m + ".cs")).ToArray()).AssertGeneratorDidNotThrow();
        Assert.Empty(run.Diagnostics);

        using var compiled = new CompiledModels(run);
        var random = new System.Random(Seed);
        CompiledModels.CheckRiskModel(compiled.Type("FlowDsl.Models.Quadratic"), random);
        CompiledModels.CheckRiskModel(compiled.Type("FlowDsl.Models.Multiplicative"), random);
        Assert.Equal((false, false), CompiledModels.CheckLaneSteps(compiled.Type("FlowDsl.Models.Quadratic"), random)); // lane steps are opt-in
        Assert.Equal((true, true), CompiledModels.CheckLaneSteps(compiled.Type("FlowDsl.Models.QuadraticLanes"), random));
        Assert.Equal((true, true), CompiledModels.CheckLaneSteps(compiled.Type("FlowDsl.Models.Multiplicative"), random));
        Assert.Null(mnistLaneStep(compiled)); // d = 13002: no lane kernels, the span kernels serve it
        CompiledModels.CheckMeanFieldModel(compiled.Type("FlowDsl.Models.TeacherStudent"), random);
        Assert.NotNull(compiled.Type("FlowDsl.Models.TeacherStudent").GetNestedType("FeatureLanes")); // d = 10: lanes generated and checked
        static Type? mnistLaneStep(CompiledModels c) => c.Type("FlowDsl.Models.MnistMlp").GetNestedType("SgdLaneStep");
        var mnist = compiled.Type("FlowDsl.Models.MnistMlp");
        Assert.Equal(13002, ((ModelLayout)mnist.GetProperty("Layout")!.GetValue(null)!).ParameterCount);
    }

    [Fact]
    public void Random_models_compile_without_warnings_and_match_finite_differences()
    {
        var generator = new RandomModelSources(Seed);
        var sources = Enumerable.Range(0, RandomModelCount)
            .Select(i => "using System;\nusing FlowDsl;\nusing static FlowDsl.Ops;\nnamespace Random;\n\n" + generator.Model($"M{i:D3}"))
            .ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = GeneratorHarness.Run(sources).AssertGeneratorDidNotThrow();
        output.WriteLine($"generator: {clock.ElapsedMilliseconds} ms");

        Assert.All(run.Diagnostics, d => Assert.Equal("FDSL0016", d.Id)); // only the Relu/Abs warning
        Assert.Equal(RandomModelCount, run.Sources.Count);

        using var compiled = new CompiledModels(run);
        output.WriteLine($"emitted and loaded: {clock.ElapsedMilliseconds} ms");
        var random = new System.Random(Seed);
        var failures = new List<string>();
        var checkedCount = 0;
        var (sgdLanes, smfLanes) = (0, 0);
        for (var i = 0; i < RandomModelCount; i++)
        {
            try
            {
                CompiledModels.CheckRiskModel(compiled.Type($"Random.M{i:D3}"), random);
                var (sgd, smf) = CompiledModels.CheckLaneSteps(compiled.Type($"Random.M{i:D3}"), random);
                (sgdLanes, smfLanes) = (sgdLanes + (sgd ? 1 : 0), smfLanes + (smf ? 1 : 0));
                checkedCount++;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or ArgumentException)
            {
                failures.Add($"{e.Message}\n{sources[i]}");
            }
        }

        output.WriteLine($"checked: {clock.ElapsedMilliseconds} ms");
        output.WriteLine($"{checkedCount} random models checked (gradient, HVP and data-Jacobian product vs finite differences); constructs covered: {string.Join(", ", generator.Covered.Order(StringComparer.Ordinal))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {RandomModelCount} models failed; first:\n{string.Join("\n\n", failures.Take(3))}");
        Assert.True(checkedCount >= 500, $"only {checkedCount} random models were checked");
        output.WriteLine($"lane steps checked: SGD on {sgdLanes} models, SMF-1/2 (factored noise vs unfactored SH2) on {smfLanes}");
        Assert.True(sgdLanes >= 100 && smfLanes >= 50, $"only {sgdLanes} random models had SGD lane steps and {smfLanes} SMF lane steps");
        string[] required =
        [
            "+", "-", "*", "/", "unary -", "scalar * tensor", "scalar + tensor", "/ scalar", "Vec * Vec (Hadamard)", "Vec / Vec",
            "Exp", "Log", "Sqrt", "Pow", "Sin", "Cos", "Tanh", "Sigmoid", "Softplus", "Relu", "Abs", "Square", "Math.X",
            "Dot", "Sum", "SquaredNorm", "LogSumExp", "Softmax", "Mat * Vec", "Transpose(M) * v", "Transpose(M)",
            "index", "matrix index", "index of an expression", "Sum of a matrix", "constant", "local",
        ];
        Assert.Empty(required.Except(generator.Covered));
    }
}
