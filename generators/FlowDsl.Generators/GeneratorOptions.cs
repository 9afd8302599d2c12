using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowDsl.Generators;

/// <summary>MSBuild options the generator reads (made visible with <c>&lt;CompilerVisibleProperty Include="…"/&gt;</c>).</summary>
internal static class GeneratorOptions
{
    /// <summary>The default limit on distinct IR nodes for one model and all its derivatives.</summary>
    public const int DefaultNodeBudget = 200_000;

    /// <summary>The MSBuild property <c>FlowDslNodeBudget</c>: the node limit past which a model reports FDSL0015.</summary>
    public const string NodeBudgetProperty = "build_property.FlowDslNodeBudget";

    public static int NodeBudget(AnalyzerConfigOptions options) =>
        options.TryGetValue(NodeBudgetProperty, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var budget) && budget > 0
            ? budget
            : DefaultNodeBudget;
}
