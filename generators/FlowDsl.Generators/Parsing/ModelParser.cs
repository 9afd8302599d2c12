using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Helpers;
using FlowDsl.Symbolic.Helpers;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using IInvalidOperation = Microsoft.CodeAnalysis.Operations.IInvalidOperation;

namespace FlowDsl.Generators.Parsing;

/// <summary>
/// The parse stage, the only one that touches symbols and syntax: checks the model class, its method signatures,
/// dimensions and law, lowers the bodies into the IR and returns an equatable <see cref="ModelSpec"/> with its
/// diagnostics. It never throws (except for cancellation).
/// </summary>
internal static class ModelParser
{
    /// <summary>The most entries one flat span (x or θ) can hold: .NET's Array.MaxLength for double[].</summary>
    public const long MaxFlatLength = FlowDsl.Symbolic.Ir.Shape.MaxLength;

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, ModelForm form, CancellationToken cancellation)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var classSymbol = (INamedTypeSymbol)context.TargetSymbol;
        var classSyntax = (TypeDeclarationSyntax)context.TargetNode;
        try
        {
            var model = ParseModel(context.SemanticModel.Compilation, classSymbol, classSyntax, form, diagnostics, cancellation);
            if (model is not null && form == ModelForm.Risk) model = model with { LaneSteps = WantsLaneSteps(context.Attributes) };
            return new ParseResult(diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error) ? null : model,
                diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var message = e is ExpressionBudgetException budget ? budget.Message : $"{e.GetType().Name}: {e.Message}";
            var descriptor = e is ExpressionBudgetException ? DiagnosticDescriptors.ExpressionTooLarge : DiagnosticDescriptors.InternalError;
            diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(classSyntax.Identifier.GetLocation()), classSymbol.Name, message));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    private static ModelSpec? ParseModel(Compilation compilation, INamedTypeSymbol classSymbol, TypeDeclarationSyntax classSyntax,
        ModelForm form, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var known = new KnownSymbols(compilation);
        var classLocation = LocationInfo.From(classSyntax.Identifier.GetLocation());

        if (!CheckClass(classSymbol, classSyntax, classLocation, diagnostics)) return null;

        var modelAttribute = form == ModelForm.Risk ? known.RiskAttribute : known.FeatureMapAttribute;
        var method = FindSingleMethod(classSymbol, modelAttribute, form == ModelForm.Risk ? "Risk" : "FeatureMap", classLocation, diagnostics);
        IMethodSymbol? target = null;
        if (form == ModelForm.MeanField)
            target = FindSingleMethod(classSymbol, known.TargetAttribute, "Target", classLocation, diagnostics);
        var law = FindLaw(classSymbol, known, diagnostics);
        if (method is null || (form == ModelForm.MeanField && target is null)) return null;
        if (!CheckMemberNames(classSymbol, form, [method, target], diagnostics)) return null;

        // No cap here: lowering makes a bounded number of nodes per syntax node, and the user's FlowDslNodeBudget
        // (which this stage cannot see without losing its cache) is applied to the lowered graph by ModelDeriver.
        var builder = new ExprBuilder(int.MaxValue);
        var arguments = ParseArguments(method, known, diagnostics);
        var methodSyntax = CheckMethod(method, diagnostics);
        if (arguments is null || methodSyntax is null) return null;

        var leaves = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        for (var i = 0; i < arguments.Count; i++) leaves.Add(method.Parameters[i], Leaf(builder, arguments[i]));

        var outputs = new List<(string, Expr)>();
        var main = LowerMethod(compilation, methodSyntax, builder, known, leaves, diagnostics, cancellation);
        if (main is null) return null;
        outputs.Add((form == ModelForm.Risk ? "R" : "Phi", main));

        if (target is not null)
        {
            var targetSyntax = CheckMethod(target, diagnostics);
            var targetLeaves = MatchTargetParameters(target, arguments, known, builder, diagnostics);
            if (targetSyntax is null || targetLeaves is null) return null;
            var f = LowerMethod(compilation, targetSyntax, builder, known, targetLeaves, diagnostics, cancellation);
            if (f is null) return null;
            outputs.Add(("F", f));
        }

        return new ModelSpec(
            form,
            classSymbol.ContainingNamespace.IsGlobalNamespace ? null : classSymbol.ContainingNamespace.ToDisplayString(),
            ContainingTypes(classSymbol).ToEquatableArray(),
            classSymbol.Name,
            method.Name,
            arguments.ToEquatableArray(),
            target?.Name,
            law,
            LocationInfo.From(methodSyntax.Identifier.GetLocation()),
            FlatGraph.Capture(outputs),
            LaneSteps: false);
    }

    // [FlowModel(LaneSteps = true)]: the named argument, if given and constant.
    private static bool WantsLaneSteps(System.Collections.Immutable.ImmutableArray<AttributeData> attributes) =>
        attributes.SelectMany(a => a.NamedArguments).Any(n => n.Key == "LaneSteps" && n.Value.Value is true);

    private static bool CheckClass(INamedTypeSymbol classSymbol, TypeDeclarationSyntax classSyntax, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (classSyntax is not ClassDeclarationSyntax)
        {
            var kind = classSymbol.IsRecord ? (classSymbol.IsValueType ? "a record struct" : "a record") : classSymbol.IsValueType ? "a struct" : "an interface";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, location, classSymbol.Name, $"is {kind}: a model must be a partial class"));
            return false;
        }
        for (var type = classSymbol; type is not null; type = type.ContainingType)
        {
            var isPartial = type.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, location, classSymbol.Name));
                return false;
            }
            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, location, classSymbol.Name, "must not be generic (nor nested in a generic type)"));
                return false;
            }
        }
        if (classSymbol.IsFileLocal)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, location, classSymbol.Name, "must not be file-local: its generated half is another file"));
            return false;
        }
        if (classSymbol.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, location, classSymbol.Name, "must not be static: it implements a model interface"));
            return false;
        }
        return true;
    }

    // The members the emitter writes into the model class (ModelEmitter, LaneKernelWriter, FeatureLaneWriter).
    private static readonly string[] CommonMembers = ["Name", "Layout", "DefaultLaw"];
    private static readonly string[] RiskMembers =
    [
        "Structure", "Risk", "Gradient", "AddGradient", "HessianVectorProduct", "DataJacobianProduct", "UserRisk",
        "SgdLaneStep", "SgdIndependentLaneStep", "Smf1LaneStep", "Smf2LaneStep", "Sme1LaneStep", "Sme2LaneStep", "NodeLanes",
    ];
    private static readonly string[] MeanFieldMembers =
        ["Feature", "FeatureGradient", "FeatureHessianVectorProduct", "Target", "UserFeature", "UserTarget", "FeatureLanes"];

    // A user member named like a generated one would clash with it (CS0102) inside generated code; say so at the member.
    // The model methods themselves may carry such a name: the generated members are overloads with span parameters.
    private static bool CheckMemberNames(INamedTypeSymbol classSymbol, ModelForm form, IMethodSymbol?[] modelMethods, List<DiagnosticInfo> diagnostics)
    {
        var reserved = new HashSet<string>(CommonMembers.Concat(form == ModelForm.Risk ? RiskMembers : MeanFieldMembers), StringComparer.Ordinal);
        var clash = classSymbol.GetMembers()
            .Where(m => reserved.Contains(m.Name) && !m.IsImplicitlyDeclared && !modelMethods.Contains(m, SymbolEqualityComparer.Default))
            .FirstOrDefault();
        if (clash is null) return true;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, LocationInfo.From(clash.Locations.FirstOrDefault()), classSymbol.Name,
            $"declares '{clash.Name}', a member the generator writes: rename it"));
        return false;
    }

    private static IMethodSymbol? FindSingleMethod(INamedTypeSymbol classSymbol, INamedTypeSymbol? attribute, string attributeName,
        LocationInfo? classLocation, List<DiagnosticInfo> diagnostics)
    {
        var methods = classSymbol.GetMembers().OfType<IMethodSymbol>().Where(m => KnownSymbols.Has(m, attribute)).ToList();
        if (methods.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingModelMethod, classLocation, classSymbol.Name, attributeName));
            return null;
        }
        if (methods.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateModelMethod, LocationInfo.From(methods[1].Locations.FirstOrDefault()), classSymbol.Name, attributeName));
            return null;
        }
        return methods[0];
    }

    private static MethodDeclarationSyntax? CheckMethod(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        var location = LocationInfo.From(method.Locations.FirstOrDefault());
        string? problem =
            !method.IsStatic ? "must be static" :
            method.ReturnType.SpecialType != SpecialType.System_Double ? "must return double" :
            method.IsGenericMethod ? "must not be generic" :
            null;
        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Body is not null || m.ExpressionBody is not null);
        if (problem is null && syntax is null) problem = "must have a body";
        if (problem is null) return syntax;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMethodSignature, location, method.Name, problem));
        return null;
    }

    private static List<ArgumentSpec>? ParseArguments(IMethodSymbol method, KnownSymbols known, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<ArgumentSpec>();
        int parameterBlock = 0, dataBlock = 0;
        long parameterOffset = 0, dataOffset = 0;
        var ok = true;
        foreach (var p in method.Parameters)
        {
            var shape = ParseShape(p, known, diagnostics);
            if (shape is null)
            {
                ok = false;
                continue;
            }
            var (kind, rows, cols) = shape.Value;
            var isData = KnownSymbols.Has(p, known.DataAttribute);
            var end = (isData ? dataOffset : parameterOffset) + (long)rows * cols;
            if (end > MaxFlatLength)
            {
                // Sizes are summed in 64 bits: 65536 × 65536 must not wrap to 0.
                var dim = KnownSymbols.Find(p, known.DimAttribute);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDimension,
                    LocationInfo.From(dim?.ApplicationSyntaxReference?.GetSyntax()) ?? LocationInfo.From(p.Locations.FirstOrDefault()), p.Name,
                    $"brings the {(isData ? "data θ" : "parameters x")} to {end:N0} entries, more than one array can hold ({MaxFlatLength:N0})"));
                ok = false;
                continue;
            }
            if (isData)
            {
                result.Add(new ArgumentSpec(p.Name, kind, rows, cols, true, dataBlock++, (int)dataOffset));
                dataOffset = end;
            }
            else
            {
                result.Add(new ArgumentSpec(p.Name, kind, rows, cols, false, parameterBlock++, (int)parameterOffset));
                parameterOffset = end;
            }
        }
        return ok ? result : null;
    }

    private static (ArgumentKind Kind, int Rows, int Cols)? ParseShape(IParameterSymbol p, KnownSymbols known, List<DiagnosticInfo> diagnostics)
    {
        var location = LocationInfo.From(p.Locations.FirstOrDefault());
        if (p.RefKind != RefKind.None || p.IsParams)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, location, p.Name, "must be passed by value (no ref, in, out or params)"));
            return null;
        }
        var dim = KnownSymbols.Find(p, known.DimAttribute);
        var dimLocation = LocationInfo.From(dim?.ApplicationSyntaxReference?.GetSyntax()) ?? location;
        ArgumentKind kind;
        if (p.Type.SpecialType == SpecialType.System_Double) kind = ArgumentKind.Scalar;
        else if (KnownSymbols.Is(p.Type, known.Vec)) kind = ArgumentKind.Vector;
        else if (KnownSymbols.Is(p.Type, known.Mat)) kind = ArgumentKind.Matrix;
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, location, p.Name,
                $"has type '{p.Type.ToDisplayString()}': model arguments are double, Vec or Mat"));
            return null;
        }

        if (kind == ArgumentKind.Scalar)
        {
            if (dim is null) return (kind, 1, 1);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDimension, dimLocation, p.Name, "is a double and takes no [Dim]"));
            return null;
        }
        if (dim is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDimension, location, p.Name,
                $"is a {(kind == ArgumentKind.Vector ? "Vec" : "Mat")} and needs {(kind == ArgumentKind.Vector ? "[Dim(length)]" : "[Dim(rows, cols)]")}"));
            return null;
        }
        var values = dim.ConstructorArguments.Select(a => a.Value as int?).ToList();
        var expected = kind == ArgumentKind.Vector ? 1 : 2;
        string? problem =
            values.Count != expected ? (kind == ArgumentKind.Vector ? "is a Vec and needs exactly one dimension, [Dim(length)]" : "is a Mat and needs two dimensions, [Dim(rows, cols)]") :
            values.Any(v => v is null) ? "has a dimension that is not a compile-time constant" :
            values.Any(v => v <= 0) ? $"has a non-positive dimension ({string.Join(", ", values)})" :
            null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDimension, dimLocation, p.Name, problem));
            return null;
        }
        return kind == ArgumentKind.Vector ? (kind, values[0]!.Value, 1) : (kind, values[0]!.Value, values[1]!.Value);
    }

    private static Expr Leaf(ExprBuilder builder, ArgumentSpec a) =>
        a.IsData ? builder.Data(a.Block, a.Name, a.Shape) : builder.Parameter(a.Block, a.Name, a.Shape);

    // The target f(θ) reads the same data as the unit Φ(θ, x): its parameters are the feature map's [Data]
    // parameters, in order and with the same shapes (names may differ).
    private static Dictionary<IParameterSymbol, Expr>? MatchTargetParameters(IMethodSymbol target, List<ArgumentSpec> featureArguments,
        KnownSymbols known, ExprBuilder builder, List<DiagnosticInfo> diagnostics)
    {
        var data = featureArguments.Where(a => a.IsData).ToList();
        var targetArguments = ParseArguments(target, known, diagnostics);
        if (targetArguments is null) return null;
        var nonData = target.Parameters.FirstOrDefault(p => !KnownSymbols.Has(p, known.DataAttribute));
        if (nonData is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTarget, LocationInfo.From(nonData.Locations.FirstOrDefault()), target.Name,
                $"may only take [Data] parameters, but '{nonData.Name}' is not [Data]"));
            return null;
        }
        var matches = targetArguments.Count == data.Count &&
            targetArguments.Zip(data, (t, d) => t.Kind == d.Kind && t.Rows == d.Rows && t.Cols == d.Cols).All(x => x);
        if (!matches)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTarget, LocationInfo.From(target.Locations.FirstOrDefault()), target.Name,
                "must take the feature map's [Data] parameters, in the same order and with the same shapes"));
            return null;
        }
        var leaves = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        for (var i = 0; i < data.Count; i++)
            leaves.Add(target.Parameters[i], Leaf(builder, data[i]));
        return leaves;
    }

    private static Expr? LowerMethod(Compilation compilation, MethodDeclarationSyntax syntax, ExprBuilder builder, KnownSymbols known,
        Dictionary<IParameterSymbol, Expr> leaves, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var semanticModel = compilation.GetSemanticModel(syntax.SyntaxTree);
        var operation = semanticModel.GetOperation(syntax, cancellation);
        // Code that does not compile is the compiler's to report; the generator emits nothing and adds a diagnostic
        // only where it can say what the model language offers instead (an operator Vec/Mat do not have).
        if (operation is null) return null;
        var invalid = Microsoft.CodeAnalysis.Operations.OperationExtensions.Descendants(operation)
            .Where(o => o is IInvalidOperation || o.Type?.TypeKind == TypeKind.Error).ToList();
        if (invalid.Count > 0)
        {
            if (TensorOperators.FirstUnsupported(semanticModel, syntax, known, cancellation) is { } unsupported) diagnostics.Add(unsupported);
            return null;
        }
        var lowering = new BodyLowering(builder, known, leaves, cancellation);
        try
        {
            var result = lowering.LowerBody(operation);
            if (result is not null && !result.Shape.IsScalar)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ShapeMismatch, LocationInfo.From(syntax.Identifier.GetLocation()),
                    syntax.Identifier.Text, $"the method must return a scalar, but its value is a {result.Shape}"));
                return null;
            }
            if (result is not null && lowering.FirstNonSmooth is { } nonSmooth)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonSmoothFunction, nonSmooth.Location, syntax.Identifier.Text, nonSmooth.Name));
            return result;
        }
        catch (ModelException e)
        {
            diagnostics.Add(e.Diagnostic);
            return null;
        }
        catch (ExpressionBudgetException e)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExpressionTooLarge, LocationInfo.From(syntax.Identifier.GetLocation()), syntax.Identifier.Text, e.Message));
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExpressionTooLarge, LocationInfo.From(syntax.Identifier.GetLocation()), syntax.Identifier.Text,
                "the expression is nested too deeply; split it into locals"));
            return null;
        }
    }

    private static string? FindLaw(INamedTypeSymbol classSymbol, KnownSymbols known, List<DiagnosticInfo> diagnostics)
    {
        string? found = null;
        foreach (var member in classSymbol.GetMembers())
        {
            if (member is not (IPropertySymbol or IFieldSymbol) || !KnownSymbols.Has(member, known.LawAttribute)) continue;
            var type = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            var location = LocationInfo.From(member.Locations.FirstOrDefault());
            string? problem =
                !member.IsStatic ? "must be static" :
                !DerivesFrom(type, known.Law) ? $"has type '{type.ToDisplayString()}' but must be a FlowDsl.Law" :
                member is IPropertySymbol { GetMethod: null } ? "must have a getter" :
                found is not null ? $"is a second [Law] member (the first is '{found}')" :
                null;
            if (problem is null) found = member.Name;
            else diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLaw, location, member.Name, problem));
        }
        return found;
    }

    private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            if (KnownSymbols.Is(t, baseType)) return true;
        return false;
    }

    private static IEnumerable<ContainingType> ContainingTypes(INamedTypeSymbol classSymbol)
    {
        var stack = new Stack<ContainingType>();
        for (var t = classSymbol.ContainingType; t is not null; t = t.ContainingType)
            stack.Push(new ContainingType(t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.IsValueType ? "struct" : t.TypeKind == TypeKind.Interface ? "interface" : "class", t.Name));
        return stack;
    }
}
