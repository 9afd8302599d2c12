using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FlowDsl.Generators.Diagnostics;
using FlowDsl.Generators.Helpers;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Analysis;
using FlowDsl.Symbolic.Differentiation;
using FlowDsl.Symbolic.Helpers;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Scheduling;

namespace FlowDsl.Generators.Derivation;

/// <summary>
/// The differentiate and schedule stages: pure functions of equatable values (no Roslyn), each rebuilding the
/// expressions in a fresh <see cref="ExprBuilder"/> from the flat graph it receives.
/// </summary>
internal static class ModelDeriver
{
    /// <summary>∇ₓ, ∇²ₓ·v (forward over reverse) and, for risk models, (∂_θ∇ₓ)·u; plus the polynomial degrees of ∇ₓR.</summary>
    public static DerivedModel Differentiate(ModelSpec spec, int nodeBudget, CancellationToken cancellation)
    {
        // The parse stage lowers without a cap (it cannot see the options); the model itself must fit the budget too.
        if (spec.Graph.Nodes.Count > nodeBudget)
            return Failed(spec, DiagnosticDescriptors.ExpressionTooLarge,
                $"the model itself has {spec.Graph.Nodes.Count} distinct nodes, more than FlowDslNodeBudget = {nodeBudget}");
        try
        {
            var b = new ExprBuilder(nodeBudget);
            var lowered = spec.Graph.Rebuild(b);
            var value = lowered[0];
            var parameters = ParameterLeaves(b, spec);
            var gradient = Differentiator.Gradient(b, value, parameters);
            cancellation.ThrowIfCancellationRequested();
            var hvp = Differentiator.HessianVectorProduct(b, gradient);
            cancellation.ThrowIfCancellationRequested();

            var outputs = new List<(string, Expr)> { (KernelNames.Value, value) };
            if (spec.Form == ModelForm.MeanField) outputs.Add(("F", lowered[1]));
            for (var i = 0; i < gradient.Length; i++) outputs.Add((KernelNames.GradientOf(i), gradient[i]));
            for (var i = 0; i < hvp.Length; i++) outputs.Add((KernelNames.HvpOf(i), hvp[i]));
            if (spec.Form == ModelForm.Risk)
            {
                var djp = Differentiator.DataJacobianProduct(b, gradient);
                for (var i = 0; i < djp.Length; i++) outputs.Add((KernelNames.DjpOf(i), djp[i]));
            }

            var inParameters = Degree(gradient, e => e.Op == Op.Parameter);
            var inData = Degree(gradient, e => e.Op == Op.Data);
            return new DerivedModel(spec, FlatGraph.Capture(outputs), inParameters, inData, null);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ExpressionBudgetException e)
        {
            return Failed(spec, DiagnosticDescriptors.ExpressionTooLarge, e.Message);
        }
        catch (Exception e)
        {
            return Failed(spec, DiagnosticDescriptors.InternalError, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Splits the derived graph into one let-list per generated method.</summary>
    public static ScheduledModel Schedule(DerivedModel derived, CancellationToken cancellation)
    {
        if (derived.Kernels is null)
            return new ScheduledModel(derived.Spec, EquatableArray<Kernel>.Empty, derived.DegreeInParameters, derived.DegreeInData, derived.Failure);
        try
        {
            var b = new ExprBuilder(int.MaxValue);
            var values = derived.Kernels.Rebuild(b);
            var named = derived.Kernels.Outputs.Select((o, i) => (o.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2);
            var blocks = derived.Spec.Arguments.Count(a => !a.IsData);
            IEnumerable<(string, Expr)> Blocks(Func<int, string> name) => Enumerable.Range(0, blocks).Select(i => (name(i), named[name(i)]));
            (string, Expr) Value() => (KernelNames.Value, named[KernelNames.Value]);

            var kernels = new List<Kernel>();
            void Add(string kernel, IEnumerable<(string, Expr)> outputs)
            {
                cancellation.ThrowIfCancellationRequested();
                kernels.Add(new Kernel(kernel, LetScheduler.Schedule(outputs.ToList())));
            }

            if (derived.Spec.Form == ModelForm.Risk)
            {
                Add(KernelNames.Risk, [Value()]);
                Add(KernelNames.Gradient, new[] { Value() }.Concat(Blocks(KernelNames.GradientOf)));
                Add(KernelNames.HessianVectorProduct, Blocks(KernelNames.HvpOf));
                Add(KernelNames.DataJacobianProduct, Blocks(KernelNames.DjpOf));
            }
            else
            {
                Add(KernelNames.Feature, [Value()]);
                Add(KernelNames.FeatureGradient, new[] { Value() }.Concat(Blocks(KernelNames.GradientOf)));
                Add(KernelNames.FeatureHessianVectorProduct, Blocks(KernelNames.HvpOf));
                Add(KernelNames.Target, [(KernelNames.Value, named["F"])]);
            }
            cancellation.ThrowIfCancellationRequested();
            // A small risk model always gets node lanes (gradient and HVP over many data nodes at one x, for its mean quantities).
            var laneInputs = derived.Spec.Form == ModelForm.MeanField || derived.Spec.HasNodeLanes
                ? FlatGraph.Capture([Value(), .. Blocks(KernelNames.GradientOf), .. Blocks(KernelNames.HvpOf)])
                : derived.Spec.LaneSteps ? FlatGraph.Capture(Blocks(KernelNames.GradientOf).ToList()) : null;
            return new ScheduledModel(derived.Spec, kernels.ToEquatableArray(), derived.DegreeInParameters, derived.DegreeInData, null, laneInputs);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, derived.Spec.MethodLocation, derived.Spec.ClassName, $"{e.GetType().Name}: {e.Message}");
            return new ScheduledModel(derived.Spec, EquatableArray<Kernel>.Empty, derived.DegreeInParameters, derived.DegreeInData, failure);
        }
    }

    private static List<Expr> ParameterLeaves(ExprBuilder b, ModelSpec spec) =>
        spec.Parameters.Select(a => b.Parameter(a.Block, a.Name, a.Shape)).ToList();

    // The degree of the gradient is the largest degree of its blocks; −1 (not a polynomial) wins.
    private static int Degree(IEnumerable<Expr> gradient, Func<Expr, bool> isVariable)
    {
        var degree = 0;
        foreach (var g in gradient)
        {
            var d = PolynomialDegree.Of(g, isVariable);
            if (d < 0) return -1;
            degree = Math.Max(degree, d);
        }
        return degree;
    }

    private static DerivedModel Failed(ModelSpec spec, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string message) =>
        new(spec, null, -1, -1, DiagnosticInfo.Create(descriptor, spec.MethodLocation, spec.MethodName, message));
}
