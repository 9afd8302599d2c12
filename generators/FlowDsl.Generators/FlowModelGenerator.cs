using System;
using System.Collections.Immutable;
using System.Linq;
using FlowDsl.Generators.Derivation;
using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Emit;
using FlowDsl.Generators.Helpers;
using FlowDsl.Generators.Model;
using FlowDsl.Generators.Parsing;
using FlowDsl.Symbolic.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowDsl.Generators;

/// <summary>
/// The FlowDsl generator: for every <c>[FlowModel]</c> / <c>[MeanFieldModel]</c> partial class, parse the model into
/// the IR, differentiate it, schedule the kernels and emit the interface implementation. Stages exchange only
/// equatable values, so an edit that does not change a model reuses every cached stage.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FlowModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The node budget is reduced to an int at once, so option changes that do not touch it cache.
        var budget = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => GeneratorOptions.NodeBudget(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);
        var risk = Models(context, "FlowDsl.FlowModelAttribute", ModelForm.Risk);
        var meanField = Models(context, "FlowDsl.MeanFieldModelAttribute", ModelForm.MeanField);
        Register(context, risk, budget);
        Register(context, meanField, budget);
    }

    private static IncrementalValuesProvider<ParseResult> Models(IncrementalGeneratorInitializationContext context, string attribute, ModelForm form) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute,
                static (node, _) => node is TypeDeclarationSyntax, // records, structs and interfaces too: CheckClass refuses them with FDSL0019
                (ctx, cancellation) => ModelParser.Parse(ctx, form, cancellation))
            .WithTrackingName(TrackingNames.Parse);

    private static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed, IncrementalValueProvider<int> budget)
    {
        var diagnostics = parsed
            .Select(static (r, _) => r.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
        });

        var files = parsed
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(TrackingNames.Models)
            .Combine(budget)
            .Select(static (m, ct) => ModelDeriver.Differentiate(m.Left, m.Right, ct))
            .WithTrackingName(TrackingNames.Differentiate)
            .Select(static (d, ct) => ModelDeriver.Schedule(d, ct))
            .WithTrackingName(TrackingNames.Schedule)
            .Select(static (s, ct) => EmitFile(s, ct))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(files, static (spc, file) =>
        {
            foreach (var d in file.Diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
            if (file.Source is not null) spc.AddSource(file.HintName, file.Source);
        });
    }

    // Never throws: a failure becomes a diagnostic at the model method and the model gets no generated file.
    private static GeneratedFile EmitFile(ScheduledModel model, System.Threading.CancellationToken cancellation)
    {
        var hint = ModelEmitter.HintName(model.Spec);
        if (model.Failure is not null) return new GeneratedFile(hint, null, new EquatableArray<DiagnosticInfo>([model.Failure]));
        try
        {
            return new GeneratedFile(hint, ModelEmitter.Emit(model, cancellation), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ScratchTooLargeException e)
        {
            // The declared sizes fit one array each, but a kernel's temporaries together do not.
            var largest = model.Spec.Arguments.OrderByDescending(a => (long)a.Rows * a.Cols).First();
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDimension, model.Spec.MethodLocation, largest.Name,
                string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "({0:N0} entries) makes a generated kernel of '{1}' need {2:N0} doubles of temporaries, more than one array can hold ({3:N0}): use smaller dimensions",
                    (long)largest.Rows * largest.Cols, model.Spec.ClassName, e.Size, ModelParser.MaxFlatLength));
            return new GeneratedFile(hint, null, new EquatableArray<DiagnosticInfo>([failure]));
        }
        catch (Exception e)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, model.Spec.MethodLocation, model.Spec.ClassName, $"{e.GetType().Name}: {e.Message}");
            return new GeneratedFile(hint, null, new EquatableArray<DiagnosticInfo>([failure]));
        }
    }
}
