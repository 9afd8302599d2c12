using System.Collections.Immutable;
using System.Reflection;
using FlowDsl.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the real <see cref="FlowModelGenerator"/> through a <see cref="CSharpGeneratorDriver"/> over an in-memory
/// compilation that references the running runtime's assemblies and FlowDsl.dll (nothing is downloaded).
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Only what models and generated code use: fewer references make every compilation in the tests faster.
    private static readonly HashSet<string> RuntimeAssemblies =
    [
        "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Memory.dll", "System.Collections.dll", "System.Linq.dll",
        "System.Runtime.Intrinsics.dll", "System.Numerics.Vectors.dll", "netstandard.dll",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => RuntimeAssemblies.Contains(Path.GetFileName(p)))
            .ToHashSet(StringComparer.Ordinal);
        paths.Add(typeof(Vec).Assembly.Location);
        paths.Add(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        return [.. paths.Order(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>A library compilation of <paramref name="sources"/> (file names Model0.cs, Model1.cs, …).</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("FlowDslGeneratorTest",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999, optimizationLevel: OptimizationLevel.Release, deterministic: true));

    /// <summary>A driver with step tracking on, so tests can read every tracked step's reasons.</summary>
    public static GeneratorDriver Driver(IReadOnlyDictionary<string, string>? globalOptions = null) =>
        CSharpGeneratorDriver.Create([new FlowModelGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            optionsProvider: new OptionsProvider(globalOptions ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once.</summary>
    public static GeneratorRun Run(params string[] sources) => RunWithOptions(null, sources);

    /// <summary>Runs the generator once with MSBuild-style global options (for example build_property.FlowDslNodeBudget).</summary>
    public static GeneratorRun RunWithOptions(IReadOnlyDictionary<string, string>? globalOptions, params string[] sources)
    {
        var compilation = Compilation(sources);
        var driver = Driver(globalOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(compilation, driver, output, driver.GetRunResult(), generatorDiagnostics);
    }

    private sealed class OptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }

    /// <summary>The source of a sample model in samples/FlowDsl.Models (so tests always see the shipped models).</summary>
    public static string SampleSource(string fileName) =>
        File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "FlowDsl.Models", fileName));

    public static string RepositoryRoot => Metadata("RepositoryRoot");
    public static string ProjectDirectory => Metadata("ProjectDirectory");

    private static string Metadata(string key) =>
        typeof(GeneratorHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(CSharpCompilation Input, GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult Result,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Every diagnostic the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Errors and warnings of the compilation including the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Fails unless the generator threw nothing (an exception surfaces as CS8785 / a result exception).</summary>
    public GeneratorRun AssertGeneratorDidNotThrow()
    {
        Assert.All(Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
        return this;
    }
}
