using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FlowDsl.Generators.Diagnostics;

/// <summary>Every diagnostic the FlowDsl generator reports. Keep in step with AnalyzerReleases.Unshipped.md and README.md#diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FlowDsl";

    private static DiagnosticDescriptor Error(string id, string title, string format, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id: id, title: title, messageFormat: format, category: Category, defaultSeverity: severity, isEnabledByDefault: true,
            helpLinkUri: $"README.md#{id.ToLowerInvariant()}");

    /// <summary>FDSL0001: "The model class '{0}' must be declared partial (and so must every class containing it)".</summary>
    public static readonly DiagnosticDescriptor ClassNotPartial = Error("FDSL0001", "Model class must be partial",
        "The model class '{0}' must be declared partial (and so must every class containing it)");

    /// <summary>FDSL0002: "The model class '{0}' has no [{1}] method".</summary>
    public static readonly DiagnosticDescriptor MissingModelMethod = Error("FDSL0002", "Model method missing",
        "The model class '{0}' has no [{1}] method");

    /// <summary>FDSL0003: "The model class '{0}' has more than one [{1}] method".</summary>
    public static readonly DiagnosticDescriptor DuplicateModelMethod = Error("FDSL0003", "More than one model method",
        "The model class '{0}' has more than one [{1}] method");

    /// <summary>FDSL0004: "The model method '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidMethodSignature = Error("FDSL0004", "Invalid model method",
        "The model method '{0}' {1}");

    /// <summary>FDSL0005: "The parameter '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = Error("FDSL0005", "Unsupported parameter",
        "The parameter '{0}' {1}");

    /// <summary>FDSL0006: "The parameter '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidDimension = Error("FDSL0006", "Invalid or missing [Dim]",
        "The parameter '{0}' {1}");

    /// <summary>FDSL0007: "The target '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidTarget = Error("FDSL0007", "Invalid [Target] method",
        "The target '{0}' {1}");

    /// <summary>FDSL0008: "Loops are not supported in a model ('{0}' statement): write the computation with Vec/Mat operations".</summary>
    public static readonly DiagnosticDescriptor LoopNotSupported = Error("FDSL0008", "Loop in a model",
        "Loops are not supported in a model ('{0}' statement): write the computation with Vec/Mat operations");

    /// <summary>FDSL0009: "Branching is not supported in a model ('{0}'): use a smooth function or Relu/Abs".</summary>
    public static readonly DiagnosticDescriptor BranchNotSupported = Error("FDSL0009", "Branch in a model",
        "Branching is not supported in a model ('{0}'): use a smooth function or Relu/Abs");

    /// <summary>FDSL0010: "Mutation is not supported in a model ('{0}'): declare a new local instead".</summary>
    public static readonly DiagnosticDescriptor MutationNotSupported = Error("FDSL0010", "Mutation in a model",
        "Mutation is not supported in a model ('{0}'): declare a new local instead");

    /// <summary>FDSL0011: "The method '{0}' is not part of the model language; its functions are {1}".</summary>
    public static readonly DiagnosticDescriptor UnknownMethod = Error("FDSL0011", "Unknown method",
        "The method '{0}' is not part of the model language; its functions are {1}");

    /// <summary>FDSL0012: "'{0}' is not a constant: a model may only read its parameters, its locals and const fields".</summary>
    public static readonly DiagnosticDescriptor NonConstantState = Error("FDSL0012", "Non-constant state",
        "'{0}' is not a constant: a model may only read its parameters, its locals and const fields");

    /// <summary>FDSL0013: "Shape mismatch in '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptor ShapeMismatch = Error("FDSL0013", "Shape mismatch",
        "Shape mismatch in '{0}': {1}");

    /// <summary>FDSL0014: "The {0} in '{1}' must be a compile-time constant".</summary>
    public static readonly DiagnosticDescriptor NonConstantArgument = Error("FDSL0014", "Non-constant index or exponent",
        "The {0} in '{1}' must be a compile-time constant");

    /// <summary>FDSL0015: "The derivatives of '{0}' are too large: {1}".</summary>
    public static readonly DiagnosticDescriptor ExpressionTooLarge = Error("FDSL0015", "Expression too large",
        "The derivatives of '{0}' are too large: {1}");

    /// <summary>FDSL0016 (warning): "'{0}' uses {1}: the Hessian-vector product uses the convention Relu'' = 0 and Abs'' = 0 (and Relu'(0) = Abs'(0) = 0)".</summary>
    public static readonly DiagnosticDescriptor NonSmoothFunction = Error("FDSL0016", "Non-smooth function",
        "'{0}' uses {1}: the Hessian-vector product uses the convention Relu'' = 0 and Abs'' = 0 (and Relu'(0) = Abs'(0) = 0)",
        DiagnosticSeverity.Warning);

    /// <summary>FDSL0017: "The [Law] member '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidLaw = Error("FDSL0017", "Invalid [Law] member",
        "The [Law] member '{0}' {1}");

    /// <summary>FDSL0018: "'{0}' is not part of the model language ({1})".</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error("FDSL0018", "Unsupported construct",
        "'{0}' is not part of the model language ({1})");

    /// <summary>FDSL0019: "The model class '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidModelClass = Error("FDSL0019", "Unsupported model class",
        "The model class '{0}' {1}");

    /// <summary>FDSL0020: "The FlowDsl generator failed on '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptor InternalError = Error("FDSL0020", "Generator failure",
        "The FlowDsl generator failed on '{0}': {1}");

    /// <summary>FDSL0021: "'{0}' {1}: a model's constants must be finite numbers".</summary>
    public static readonly DiagnosticDescriptor NonFiniteConstant = Error("FDSL0021", "Non-finite constant",
        "'{0}' {1}: a model's constants must be finite numbers");

    /// <summary>All descriptors, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        ClassNotPartial, MissingModelMethod, DuplicateModelMethod, InvalidMethodSignature, UnsupportedParameter,
        InvalidDimension, InvalidTarget, LoopNotSupported, BranchNotSupported, MutationNotSupported, UnknownMethod,
        NonConstantState, ShapeMismatch, NonConstantArgument, ExpressionTooLarge, NonSmoothFunction, InvalidLaw,
        UnsupportedConstruct, InvalidModelClass, InternalError, NonFiniteConstant,
    ];

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
