using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Helpers;
using FlowDsl.Symbolic.Helpers;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Generators.Model;

/// <summary>
/// The form a model is written in: [FlowModel] (a risk R(x,θ)) or [MeanFieldModel] (a unit Φ(θ,x) and a target f(θ)).
/// Not which dynamics runs it: that is the runtime's <c>ContinuousModel</c>.
/// </summary>
internal enum ModelForm
{
    Risk,
    MeanField,
}

/// <summary>A type enclosing the model class, outermost first (for nested models).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// Everything the later stages need about one model, as plain values: where the class lives, the model method's
/// arguments and the lowered expressions (outputs "R", or "Phi" and "F"). Holds no Roslyn symbol or syntax.
/// </summary>
/// <param name="MethodName">The [Risk] or [FeatureMap] method.</param>
/// <param name="TargetMethodName">The [Target] method of a mean-field model, else null.</param>
/// <param name="LawMember">The [Law] property or field, else null.</param>
/// <param name="MethodLocation">The model method's name, where derivation failures are reported.</param>
/// <param name="Graph">The lowered model: output "R" (risk) or "Phi" and "F" (mean field).</param>
/// <param name="LaneSteps">[FlowModel(LaneSteps = true)]: also emit the fused lane steps.</param>
internal sealed record ModelSpec(
    ModelForm Form,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string ClassName,
    string MethodName,
    EquatableArray<ArgumentSpec> Arguments,
    string? TargetMethodName,
    string? LawMember,
    LocationInfo? MethodLocation,
    FlatGraph Graph,
    bool LaneSteps)
{
    /// <summary>The parameter blocks (not [Data]), in layout order.</summary>
    public System.Collections.Generic.IEnumerable<ArgumentSpec> Parameters => System.Linq.Enumerable.Where(Arguments, a => !a.IsData);

    /// <summary>The data blocks θ, in layout order.</summary>
    public System.Collections.Generic.IEnumerable<ArgumentSpec> Data => System.Linq.Enumerable.Where(Arguments, a => a.IsData);

    /// <summary>d, the length of the flat x.</summary>
    public int ParameterCount => System.Linq.Enumerable.Sum(Parameters, a => a.Length);

    /// <summary>The length of the flat θ.</summary>
    public int DataCount => System.Linq.Enumerable.Sum(Data, a => a.Length);

    /// <summary>The largest d and θ length with node lanes (the fields of <c>LaneTile</c>).</summary>
    public const int MaxNodeLaneLength = 16;

    /// <summary>
    /// Whether the model gets node lanes (∇ₓR and ∇²ₓR·v over a tile of data nodes θ at one shared x, for its mean
    /// quantities): a risk model with 1 ≤ d ≤ 16 and 1 ≤ |θ| ≤ 16.
    /// </summary>
    public bool HasNodeLanes => Form == ModelForm.Risk && ParameterCount is >= 1 and <= MaxNodeLaneLength && DataCount is >= 1 and <= MaxNodeLaneLength;

    /// <summary>
    /// The one layout mapping: IR leaf block <paramref name="block"/> (<c>Expr.Index</c> of a parameter, data or
    /// direction leaf) to its argument, whose <see cref="ArgumentSpec.Offset"/> is where it starts in the flat x or θ.
    /// </summary>
    public ArgumentSpec Block(bool isData, int block) => System.Linq.Enumerable.ElementAt(isData ? Data : Parameters, block);

    /// <summary>The fully qualified class name without <c>global::</c>, for hint names and messages.</summary>
    public string FullName =>
        (Namespace is null ? "" : Namespace + ".") +
        string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Name + ".")) + ClassName;
}

/// <summary>What the parse stage returns: the model (null when it cannot be generated) and its diagnostics.</summary>
internal sealed record ParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
