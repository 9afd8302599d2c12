using System.Text;

namespace FlowDsl.Generators.Tests.Fuzzing;

/// <summary>The counts of one fuzz run. The six failure counts must all be 0; the others show what the run covered.</summary>
internal sealed class FuzzReport
{
    public int Mutants { get; set; }
    public int DistinctSources { get; set; }
    /// <summary>Mutants with C# compile errors of their own (the compiler reports them; the generator may stay silent).</summary>
    public int RejectedByCompiler { get; set; }
    /// <summary>Mutants that compile as C# but that the generator refused with an FDSL error.</summary>
    public int RejectedByGenerator { get; set; }
    /// <summary>Mutants for which the generator produced code.</summary>
    public int Accepted { get; set; }
    /// <summary>Accepted mutants whose generated code was emitted (and then run), up to the run's compile limit.</summary>
    public int Compiled { get; set; }
    /// <summary>Accepted mutants past the compile limit: only their declarations were compiled (member clashes, contracts).</summary>
    public int DeclarationsChecked { get; set; }
    public long GeneratedCharactersCompiled { get; set; }
    /// <summary>Accepted mutants whose derivatives agreed with finite differences at a point where they converged.</summary>
    public int GradientsVerified { get; set; }
    /// <summary>Accepted mutants with no point (of four tried) where finite differences converged (poles, kinks, overflow).</summary>
    public int GradientsUnverifiable { get; set; }
    /// <summary>Accepted mutants too large to evaluate (more than a million entries in x and θ).</summary>
    public int TooLargeToCheck { get; set; }
    /// <summary>Accepted mutants with lane steps that agreed with the span kernels.</summary>
    public int LaneStepsVerified { get; set; }

    public int Crashes { get; set; }
    public int Hangs { get; set; }
    public int InternalErrors { get; set; }
    public int AcceptedButUncompilable { get; set; }
    public int SilentlyIgnored { get; set; }
    public int WrongGradients { get; set; }

    public SortedDictionary<string, int> GeneratorDiagnostics { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Operators { get; } = new(StringComparer.Ordinal);
    public List<string> Failures { get; } = [];

    public TimeSpan Elapsed { get; set; }
    public TimeSpan Cpu { get; set; }

    public int FailureCount => Crashes + Hangs + InternalErrors + AcceptedButUncompilable + SilentlyIgnored + WrongGradients;

    /// <summary>Also told of every failure as it happens (the long run's log file), not only the first three of a kind at the end.</summary>
    public Action<string>? Log { get; set; }

    public void Fail(string kind, int index, string detail, string source)
    {
        Log?.Invoke($"FAILURE {kind} (mutant {index}): {detail}\n{source}");
        if (Failures.Count(f => f.StartsWith(kind + " (", StringComparison.Ordinal)) < 3) Failures.Add($"{kind} (mutant {index}): {detail}\n{(source.Length <= 3000 ? source : source[..3000] + " …")}");
    }

    public override string ToString()
    {
        var s = new StringBuilder();
        s.AppendLine($"{Mutants} mutants ({DistinctSources} distinct) in {Elapsed.TotalSeconds:F1} s wall, {Cpu.TotalSeconds:F1} s CPU");
        s.AppendLine($"  crashes {Crashes}, hangs {Hangs}, FDSL0020 {InternalErrors}, accepted-but-uncompilable {AcceptedButUncompilable}, silently ignored {SilentlyIgnored}, wrong gradients {WrongGradients}");
        s.AppendLine($"  rejected by the compiler {RejectedByCompiler}, by the generator {RejectedByGenerator}, accepted {Accepted}");
        s.AppendLine($"  accepted: {Compiled} emitted ({GeneratedCharactersCompiled / 1000:N0} kB of generated code), {DeclarationsChecked} past the compile limit with declarations checked only");
        s.AppendLine($"  emitted: gradients verified {GradientsVerified}, unverifiable {GradientsUnverifiable}, too large to evaluate {TooLargeToCheck}; lane steps verified {LaneStepsVerified}");
        s.AppendLine($"  generator diagnostics: {string.Join(", ", GeneratorDiagnostics.Select(p => $"{p.Key} {p.Value}"))}");
        s.Append($"  mutation operators applied: {string.Join(", ", Operators.Select(p => $"{p.Key} {p.Value}"))}");
        return s.ToString();
    }
}
