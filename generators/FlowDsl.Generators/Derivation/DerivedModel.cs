using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Helpers;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Scheduling;

namespace FlowDsl.Generators.Derivation;

/// <summary>
/// The differentiate stage's result: the model and one graph holding every kernel output ("R" or "Phi", "F",
/// "grad:i", "hvp:i", "djp:i" for parameter block i), with the polynomial degrees of ∇ₓR.
/// </summary>
/// <param name="Failure">Why derivation failed (for example the node budget), else null.</param>
internal sealed record DerivedModel(ModelSpec Spec, FlatGraph? Kernels, int DegreeInParameters, int DegreeInData, DiagnosticInfo? Failure);

/// <summary>One generated method's straight-line program.</summary>
/// <param name="Name">The kernel (see <see cref="KernelNames"/>).</param>
internal sealed record Kernel(string Name, LetList Program);

/// <summary>The schedule stage's result: a let-list per kernel, ready to print, and the values the lane kernels are written from.</summary>
/// <param name="LaneInputs">
/// For a model that gets lane kernels (a risk model with <c>LaneSteps = true</c>, or a mean-field unit): the gradient
/// blocks "grad:i" and, for a unit, "value" and "hvp:i"; else null. Emit scalarises and prints them.
/// </param>
internal sealed record ScheduledModel(ModelSpec Spec, EquatableArray<Kernel> Kernels, int DegreeInParameters, int DegreeInData, DiagnosticInfo? Failure, FlatGraph? LaneInputs = null);

/// <summary>The emit stage's result: one source file (or none) and the diagnostics found after parsing.</summary>
internal sealed record GeneratedFile(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Kernel and output names shared by the derive, schedule and emit stages.</summary>
internal static class KernelNames
{
    public const string Risk = "Risk";
    public const string Gradient = "Gradient";
    public const string HessianVectorProduct = "HessianVectorProduct";
    public const string DataJacobianProduct = "DataJacobianProduct";
    public const string Feature = "Feature";
    public const string FeatureGradient = "FeatureGradient";
    public const string FeatureHessianVectorProduct = "FeatureHessianVectorProduct";
    public const string Target = "Target";

    public const string Value = "value";
    public static string GradientOf(int block) => "grad:" + block;
    public static string HvpOf(int block) => "hvp:" + block;
    public static string DjpOf(int block) => "djp:" + block;
}
