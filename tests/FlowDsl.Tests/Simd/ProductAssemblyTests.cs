using FlowDsl.Fused;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// Test and benchmark code stays out of the product: the hand-written lane kernels and the naive and hand-tuned
/// baselines live in the test and benchmark projects, not in FlowDsl.dll.
/// </summary>
public class ProductAssemblyTests
{
    [Fact]
    public void FlowDsl_dll_ships_no_reference_kernels_or_baselines()
    {
        var types = typeof(FusedEnsemble).Assembly.GetTypes();
        var leaked = types
            .Where(t => t.Namespace is { } ns && (ns.EndsWith(".Kernels", StringComparison.Ordinal) || ns.EndsWith(".Baselines", StringComparison.Ordinal))
                || t.Name.Contains("Baseline", StringComparison.Ordinal) || t.Name.StartsWith("HandTuned", StringComparison.Ordinal)
                || t.Name is "QuadraticLane2" or "QuadraticLane8" or "MultiplicativeLane")
            .Select(t => t.FullName)
            .ToList();
        Assert.True(leaked.Count == 0, "test or benchmark code in FlowDsl.dll: " + string.Join(", ", leaked));
        Assert.Contains(types, t => t == typeof(FusedEnsemble)); // the scan looked at the product assembly
    }
}
