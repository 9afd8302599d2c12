using System.Reflection;
using FlowDsl.Generators.Derivation;
using FlowDsl.Generators.Model;
using FlowDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowDsl.Generators.Tests;

/// <summary>
/// Incremental caching: the pipeline's models are values, so a rerun reuses every stage, a comment edit changes no
/// output, and a real edit does. A reflection walk proves no model holds Roslyn symbols, syntax or compilations.
/// </summary>
public sealed class IncrementalTests
{
    private const string Model = """
        using FlowDsl;
        using static FlowDsl.Ops;

        namespace Demo;

        [FlowModel]
        public partial class Model
        {
            [Risk]
            public static double R([Dim(3)] Vec x, [Data, Dim(3)] Vec θ) => 0.5 * SquaredNorm(x - θ) /* comment */ + Sum(x * θ);
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(Model);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);
        return (driver, compilation);
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Reasons(GeneratorDriver driver, params string[] steps)
    {
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"the step {step} did not run");
            foreach (var run in result.TrackedSteps[step])
                foreach (var output in run.Outputs)
                    yield return (step, output.Reason);
        }
        foreach (var output in result.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(r => r.Outputs))
            yield return ("output", output.Reason);
    }

    [Fact]
    public void Second_run_on_a_cloned_compilation_is_fully_cached()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(compilation.Clone());
        Assert.All(Reasons(driver, TrackingNames.All), r =>
            Assert.True(r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{r.Step} was {r.Reason}"));
    }

    [Fact]
    public void Editing_a_comment_in_the_model_changes_no_output()
    {
        var (driver, compilation) = FirstRun();
        var before = driver.GetRunResult().GeneratedTrees.Single().ToString();
        var edited = Replace(compilation, "/* comment */", "/* a longer, edited comment */");

        driver = driver.RunGenerators(edited);

        Assert.All(Reasons(driver, TrackingNames.Differentiate, TrackingNames.Schedule, TrackingNames.Emit), r =>
            Assert.True(r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{r.Step} was {r.Reason}"));
        Assert.Equal(before, driver.GetRunResult().GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void Changing_an_operator_changes_the_output()
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, "+ Sum(x * θ)", "- Sum(x * θ)");

        driver = driver.RunGenerators(edited);

        Assert.Contains(Reasons(driver, TrackingNames.Emit), r => r.Step == TrackingNames.Emit && r.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Reasons(driver, TrackingNames.Emit), r => r.Step == "output" && r.Reason == IncrementalStepRunReason.Modified);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single();
        var text = tree.ToString();
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal))));
    }

    private static readonly Type[] Banned =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxTree)];

    [Fact]
    public void No_pipeline_model_holds_symbols_syntax_or_compilations()
    {
        Type[] roots = [typeof(ParseResult), typeof(ModelSpec), typeof(DerivedModel), typeof(ScheduledModel), typeof(GeneratedFile)];
        var seen = new HashSet<Type>();
        var queue = new Queue<(Type Type, string Path)>(roots.Select(t => (t, t.Name)));
        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string)) continue;
            Assert.False(Banned.Any(b => b.IsAssignableFrom(type)), $"{path} is a {type.Name}");
            Assert.False(type.IsInterface || type == typeof(object), $"{path} has the open type {type.Name}, which could hold anything");
            foreach (var argument in type.GetGenericArguments()) queue.Enqueue((argument, $"{path}<{argument.Name}>"));
            if (type.IsArray) queue.Enqueue((type.GetElementType()!, path + "[]"));
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                queue.Enqueue((field.FieldType, $"{path}.{field.Name}"));
        }
        Assert.Contains(typeof(FlowDsl.Symbolic.Ir.FlatGraph), seen);
        Assert.Contains(typeof(FlowDsl.Symbolic.Scheduling.LetList), seen);
    }
}
