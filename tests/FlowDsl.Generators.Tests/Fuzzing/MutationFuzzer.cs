using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using FlowDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowDsl.Generators.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the real generator. Seeds are the sample models (samples/FlowDsl.Models/*.cs); each mutant
/// applies one to three <see cref="Mutations"/> and lives in its own namespace, so a batch of mutants shares one
/// compilation and one generator run. For every mutant the fuzzer decides:
/// <list type="bullet">
/// <item>crash: the generator threw (CS8785 or a run-result exception);</item>
/// <item>hang: the generator did not finish a single mutant within <see cref="HangTimeout"/>;</item>
/// <item>FDSL0020: an internal failure was reported;</item>
/// <item>accepted but uncompilable: the mutant compiles as C#, the generator produced code, and the code has an error
/// or warning (or adds an error to the user's file);</item>
/// <item>silently ignored: the mutant compiles, declares a [FlowModel]/[MeanFieldModel] type, and the generator
/// produced neither code nor an FDSL error for it;</item>
/// <item>wrong gradient: an accepted model's Risk/Gradient/HVP/DJP (or Φ, ∇ₓΦ, ∇²ₓΦ·v, f) disagrees with finite
/// differences of the user's own method at two points where the differences converged (<see cref="FuzzOracle"/>),
/// its lane steps disagree with its span kernels at three points, or its generated code throws.</item>
/// </list>
/// </summary>
internal sealed class MutationFuzzer(int seed, int compileLimit, Action<string>? log = null)
{
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(60);
    private const int BatchSize = 100;
    private const long LargestCheckedSize = 1_000_000;
    private static readonly Regex MutantNamespace = new(@"\.M(\d{5})\.", RegexOptions.Compiled);

    private readonly FuzzReport _report = new() { Log = log };

    private sealed record Mutant(int Index, string Seed, string[] Operators, string Source);

    /// <summary>Generates <paramref name="count"/> mutants from the fixed seed and runs them all through the generator.</summary>
    public FuzzReport Run(int count)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var mutants = Timed("mutate", () => Enumerable.Range(0, count).Select(Mutate).ToList());
        _report.Mutants = count;
        _report.DistinctSources = mutants.Select(m => m.Source).Distinct(StringComparer.Ordinal).Count();
        foreach (var m in mutants)
            foreach (var op in m.Operators) _report.Operators[op] = _report.Operators.GetValueOrDefault(op) + 1;

        for (var start = 0; start < count; start += BatchSize)
        {
            RunBatch(mutants.Skip(start).Take(BatchSize).ToList());
            log?.Invoke($"{Math.Min(start + BatchSize, count)} mutants, {clock.Elapsed.TotalSeconds:F0} s; {string.Join(", ", Phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:F1} s"))}");
        }
        _report.Elapsed = clock.Elapsed;
        _report.Cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return _report;
    }

    // ---- mutants ----------------------------------------------------------------------------------

    private static readonly Lazy<(string Name, string Text)[]> Seeds = new(() =>
        Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "samples", "FlowDsl.Models"), "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileNameWithoutExtension(p), File.ReadAllText(p)))
            .ToArray());

    // Mutant i depends only on (seed, i): any mutant of a report can be rebuilt alone.
    private Mutant Mutate(int index)
    {
        var random = new System.Random(unchecked(seed * 1_000_003 + index));
        var (name, text) = Seeds.Value[random.Next(Seeds.Value.Length)];
        // Every risk seed opts in to its lane steps (off by default), so the mutants exercise them too.
        var source = text.Replace("namespace FlowDsl.Models;", $"namespace FlowDsl.Models.M{index:D5};", StringComparison.Ordinal)
            .Replace("[FlowModel]", "[FlowModel(LaneSteps = true)]", StringComparison.Ordinal);
        var applied = new List<string>();
        var wanted = 1 + random.Next(3);
        for (var attempt = 0; applied.Count < wanted && attempt < 10; attempt++)
        {
            var (op, apply) = Mutations.All[random.Next(Mutations.All.Length)];
            if (apply(source, random) is not { } mutated) continue;
            source = mutated;
            applied.Add(op);
        }
        return new Mutant(index, name, [.. applied], source);
    }

    // ---- one batch ------------------------------------------------------------------------------

    public Dictionary<string, TimeSpan> Phases { get; } = [];

    // CPU time of the whole process during the phase (the machine is shared: wall time says little).
    private T Timed<T>(string phase, Func<T> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        try { return work(); }
        finally { Phases[phase] = Phases.GetValueOrDefault(phase) + (Process.GetCurrentProcess().TotalProcessorTime - cpu); }
    }

    private void RunBatch(List<Mutant> batch)
    {
        var compilation = GeneratorHarness.Compilation(batch.Select(m => m.Source).ToArray());
        var outcome = Timed("generator", () => RunGenerator(compilation, batch.Count == 1 ? HangTimeout : HangTimeout * 4));
        if (outcome is null || outcome.Value.Crashed)
        {
            // Find the culprit(s) one by one; the others are judged normally.
            if (batch.Count > 1)
            {
                foreach (var m in batch) RunBatch([m]);
                return;
            }
            if (outcome is null)
            {
                _report.Hangs++;
                _report.Fail("hang", batch[0].Index, $"no result within {HangTimeout.TotalSeconds} s", batch[0].Source);
            }
            else
            {
                _report.Crashes++;
                _report.Fail("crash", batch[0].Index, outcome.Value.CrashMessage, batch[0].Source);
            }
            return;
        }
        Judge(batch, compilation, outcome.Value.Output, outcome.Value.Result);
    }

    private readonly record struct GeneratorOutcome(Compilation Output, GeneratorDriverRunResult Result, bool Crashed, string CrashMessage);

    private static GeneratorOutcome? RunGenerator(CSharpCompilation compilation, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var driver = CSharpGeneratorDriver.Create([new FlowModelGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        var run = Task.Run(() =>
        {
            var after = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, cancellation.Token);
            return (output, diagnostics, after.GetRunResult());
        });
        // A generator that ignores cancellation must not hang the fuzzer either: give up on it after twice the timeout.
        try
        {
            if (!run.Wait(timeout * 2)) return null;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            return null;
        }
        var (output, diagnostics, result) = run.Result;
        var crash = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        var crashDiagnostic = diagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785");
        return new GeneratorOutcome(output, result, crash is not null || crashDiagnostic is not null,
            crash?.ToString() ?? crashDiagnostic?.ToString() ?? "");
    }

    // ---- judging --------------------------------------------------------------------------------

    private void Judge(List<Mutant> batch, CSharpCompilation input, Compilation output, GeneratorDriverRunResult result)
    {
        var inputErrors = Timed("input diagnostics", () => input.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToLookup(d => d.Location.SourceTree?.FilePath ?? "", StringComparer.Ordinal);
        var generated = result.Results.SelectMany(r => r.GeneratedSources).ToLookup(s => MutantIndex(s.HintName));
        // The generator's diagnostics carry external locations (no SourceTree): match them by path.
        var generatorDiagnostics = result.Diagnostics.ToLookup(d => d.Location.GetLineSpan().Path ?? "", StringComparer.Ordinal);
        foreach (var d in result.Diagnostics) _report.GeneratorDiagnostics[d.Id] = _report.GeneratorDiagnostics.GetValueOrDefault(d.Id) + 1;

        var candidates = new Dictionary<int, Mutant>();
        var excluded = new List<SyntaxTree>();
        for (var j = 0; j < batch.Count; j++)
        {
            var m = batch[j];
            var path = UserPath(j);
            var accepted = generated[m.Index].Any();
            var fdsl = generatorDiagnostics[path].ToList();
            var compilesAsCSharp = !inputErrors[path].Any();
            foreach (var internalError in fdsl.Where(d => d.Id == "FDSL0020"))
            {
                _report.InternalErrors++;
                _report.Fail("FDSL0020", m.Index, internalError.ToString(), m.Source);
            }
            var generatorErrors = fdsl.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (!compilesAsCSharp) _report.RejectedByCompiler++;
            else if (generatorErrors) _report.RejectedByGenerator++;
            if (accepted) _report.Accepted++;
            if (compilesAsCSharp && !accepted && !generatorErrors && DeclaresModel(input, path))
            {
                _report.SilentlyIgnored++;
                _report.Fail("silently ignored", m.Index, "no code and no FDSL error", m.Source);
            }
            if (compilesAsCSharp && accepted) candidates.Add(j, m);
            else excluded.AddRange(output.SyntaxTrees.Where(t => t.FilePath == path || Owner(t.FilePath) == m.Index));
        }
        // Emitting the generated code is most of the cost: past the compile limit only the declarations are checked
        // (member clashes, interface contracts), which needs no method body bound.
        var emitted = candidates.Take(Math.Max(0, compileLimit - _report.Compiled)).ToDictionary(p => p.Key, p => p.Value);
        var declarationsOnly = candidates.Where(p => !emitted.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        _report.Compiled += emitted.Count;
        _report.DeclarationsChecked += declarationsOnly.Count;
        if (declarationsOnly.Count > 0)
        {
            var declarations = Timed("declarations", () => output.RemoveSyntaxTrees(excluded).GetDeclarationDiagnostics());
            ReportUncompilable(declarations.Where(d => d.Severity == DiagnosticSeverity.Error || Owner(d.Location.SourceTree?.FilePath ?? "") is not null), declarationsOnly);
        }
        if (emitted.Count > 0)
        {
            var notEmitted = output.SyntaxTrees.Where(t => Owns(declarationsOnly, t.FilePath)).ToList();
            CompileAndCheck(output.RemoveSyntaxTrees(excluded.Concat(notEmitted)), emitted);
        }
    }

    private static string UserPath(int position) => $"Model{position}.cs";

    // Whether a tree (user file or generated file) belongs to one of these mutants.
    private static bool Owns(Dictionary<int, Mutant> mutants, string path) =>
        Owner(path) is { } owner ? mutants.Values.Any(m => m.Index == owner) : mutants.Keys.Any(j => UserPath(j) == path);

    // Marks the owners of these diagnostics accepted-but-uncompilable; returns their indices.
    private HashSet<int> ReportUncompilable(IEnumerable<Diagnostic> problems, Dictionary<int, Mutant> candidates)
    {
        var broken = new HashSet<int>();
        foreach (var d in problems)
        {
            var path = d.Location.SourceTree?.FilePath ?? "";
            var owner = Owner(path) ?? candidates.FirstOrDefault(c => UserPath(c.Key) == path).Value?.Index;
            var mutant = candidates.Values.FirstOrDefault(m => m.Index == owner);
            if (mutant is null || !broken.Add(mutant.Index)) continue;
            _report.AcceptedButUncompilable++;
            _report.Fail("accepted but uncompilable", mutant.Index, d.ToString(), mutant.Source);
        }
        return broken;
    }

    private static int MutantIndex(string name) =>
        int.Parse(MutantNamespace.Match(name).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static int? Owner(string generatedPath) => MutantNamespace.Match(generatedPath) is { Success: true } match
        ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    private static bool DeclaresModel(CSharpCompilation input, string path)
    {
        var tree = input.SyntaxTrees.Single(t => t.FilePath == path);
        var model = input.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>()
            .Select(t => model.GetDeclaredSymbol(t))
            .Any(s => s is not null && s.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "FlowDsl.FlowModelAttribute" or "FlowDsl.MeanFieldModelAttribute"));
    }

    // ---- derivatives of the accepted mutants ------------------------------------------------------

    // One emit for every candidate of the batch (binding the generated code once): a warning in a generated file, or an
    // error anywhere (the user files compiled cleanly alone), marks its mutant accepted-but-uncompilable; the others run.
    private void CompileAndCheck(Compilation compilation, Dictionary<int, Mutant> candidates)
    {
        using var image = new MemoryStream();
        var emit = Timed("emit", () => compilation.Emit(image));
        _report.GeneratedCharactersCompiled += compilation.SyntaxTrees.Where(t => Owner(t.FilePath) is not null).Sum(t => (long)t.Length);
        var broken = ReportUncompilable(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error
            || (d.Severity == DiagnosticSeverity.Warning && Owner(d.Location.SourceTree?.FilePath ?? "") is not null)), candidates);
        if (broken.Count > 0 && !emit.Success)
        {
            var keep = candidates.Where(c => !broken.Contains(c.Value.Index)).ToDictionary(c => c.Key, c => c.Value);
            var remove = compilation.SyntaxTrees.Where(t => Owns(candidates.Where(c => broken.Contains(c.Value.Index)).ToDictionary(c => c.Key, c => c.Value), t.FilePath));
            if (keep.Count > 0) CompileAndCheck(compilation.RemoveSyntaxTrees(remove), keep);
            return;
        }
        if (!emit.Success)
        {
            // Errors nobody owns: count the whole batch rather than hide them.
            foreach (var m in candidates.Values)
            {
                _report.AcceptedButUncompilable++;
                _report.Fail("emit failed", m.Index, string.Join("\n", emit.Diagnostics.Take(3)), m.Source);
            }
            return;
        }
        image.Position = 0;
        var context = new AssemblyLoadContext("FlowDslFuzz", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var byMutant = assembly.GetTypes().Where(t => t.GetInterfaces().Any(i => i == typeof(IRiskModel) || i == typeof(IMeanFieldModel)))
                .ToLookup(t => MutantIndex(t.FullName + "."));
            foreach (var m in candidates.Values.Where(m => !broken.Contains(m.Index)))
                foreach (var type in byMutant[m.Index]) CheckModel(m, type);
        }
        finally
        {
            context.Unload();
        }
    }

    private void CheckModel(Mutant m, Type type)
    {
        var random = new System.Random(m.Index);
        var isRisk = type.GetInterfaces().Contains(typeof(IRiskModel));
        var layout = (ModelLayout)type.GetProperty("Layout")!.GetValue(null)!;
        if ((long)layout.ParameterCount + layout.DataCount > LargestCheckedSize)
        {
            _report.TooLargeToCheck++;
            return;
        }
        var check = typeof(FuzzOracle).GetMethod(isRisk ? nameof(FuzzOracle.CheckRisk) : nameof(FuzzOracle.CheckMeanField))!.MakeGenericMethod(type);
        try
        {
            var verdicts = Timed("gradients", () => new[] { 1.0, 0.5, 2.0, 0.25 }.Select(scale => (PointVerdict)check.Invoke(null, [random, scale])!).ToList());
            if (verdicts.Count(v => v == PointVerdict.Disagrees) >= 2)
            {
                _report.WrongGradients++;
                _report.Fail("wrong gradient", m.Index, $"{type.FullName}: {string.Join(", ", verdicts)}", m.Source);
            }
            else if (verdicts.Contains(PointVerdict.Agrees)) _report.GradientsVerified++;
            else _report.GradientsUnverifiable++;
            Timed("lanes", () => { CheckLanes(m, type, isRisk, random); return 0; });
        }
        catch (TargetInvocationException e)
        {
            _report.WrongGradients++;
            _report.Fail("generated code threw", m.Index, $"{type.FullName}: {e.InnerException}", m.Source);
        }
    }

    // Lane steps against the span kernels (themselves checked above): a mismatch must repeat at three random points
    // where every value is finite (the shared checks compare ∞ with ∞ as a failure).
    private void CheckLanes(Mutant m, Type type, bool isRisk, System.Random random)
    {
        var lanes = type.GetNestedType("FeatureLanes");
        if (isRisk ? type.GetNestedTypes().All(t => !t.Name.EndsWith("LaneStep", StringComparison.Ordinal)) : lanes is null) return;
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (isRisk) CompiledModels.CheckLaneSteps(type, random);
                else CheckFeatureLanes(type, lanes!, random);
                _report.LaneStepsVerified++;
                return;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or ArithmeticException)
            {
                if (e.Message.Contains("NaN", StringComparison.Ordinal) || e.Message.Contains("Infinity", StringComparison.Ordinal)) continue;
                failures.Add(e.Message);
            }
        }
        if (failures.Count < 3) return; // no point with finite values: nothing to say
        _report.WrongGradients++;
        _report.Fail("lane steps disagree with the span kernels", m.Index, $"{type.FullName}: {failures[0]}", m.Source);
    }

    private static void CheckFeatureLanes(Type model, Type lanes, System.Random random)
    {
        var layout = (ModelLayout)model.GetProperty("Layout")!.GetValue(null)!;
        double[] Vector(int n) => Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var check = typeof(FlowDsl.IntegrationTests.Generated.LaneStepChecks).GetMethod(nameof(FlowDsl.IntegrationTests.Generated.LaneStepChecks.FeatureLanesMatchSpanKernels))!
            .MakeGenericMethod(lanes, model);
        try
        {
            check.Invoke(null, [Vector(layout.ParameterCount), Vector(layout.DataCount), Vector(layout.ParameterCount)]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
