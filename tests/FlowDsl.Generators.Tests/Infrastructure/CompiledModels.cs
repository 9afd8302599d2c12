using System.Reflection;
using System.Runtime.Loader;
using FlowDsl.IntegrationTests.Generated;
using Microsoft.CodeAnalysis;

namespace FlowDsl.Generators.Tests.Infrastructure;

/// <summary>
/// The output of a generator run, compiled to an in-memory assembly and loaded into a collectible load context, with
/// the numeric checks of <see cref="RiskModelChecks"/>/<see cref="MeanFieldModelChecks"/> invoked on its model types.
/// </summary>
internal sealed class CompiledModels : IDisposable
{
    private readonly AssemblyLoadContext _context = new("FlowDslGeneratedModels", isCollectible: true);

    public CompiledModels(GeneratorRun run)
    {
        using var image = new MemoryStream();
        var emit = run.Output.Emit(image);
        // Emitting reports every error and warning of the compilation (including the generated code): there must be none.
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Take(20)));
        Assert.Empty(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        image.Position = 0;
        Assembly = _context.LoadFromStream(image);
    }

    public Assembly Assembly { get; }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>Checks ∇ₓR (every coordinate), ∇²ₓR·v, (∂_θ∇ₓR)·u and AddGradient (bit for bit) of a risk model at a random point.</summary>
    public static void CheckRiskModel(Type model, System.Random random)
    {
        var layout = (ModelLayout)model.GetProperty("Layout")!.GetValue(null)!;
        var x = DerivativeOracle.RandomVector(random, layout.ParameterCount);
        var θ = DerivativeOracle.RandomVector(random, layout.DataCount);
        Invoke(nameof(RiskModelChecks.GradientMatchesFiniteDifferences), model, x, θ, int.MaxValue);
        Invoke(nameof(RiskModelChecks.HessianVectorProductMatchesFiniteDifferences), model, x, θ, DerivativeOracle.RandomVector(random, layout.ParameterCount));
        Invoke(nameof(RiskModelChecks.DataJacobianProductMatchesFiniteDifferences), model, x, θ, DerivativeOracle.RandomVector(random, layout.DataCount));
        // A running sum with no further draws from random (the later models keep their points): x reversed, shifted.
        Invoke(nameof(RiskModelChecks.AddGradientAddsTheGradient), model, x, θ, x.Reverse().Select(v => 3 * v - 1).ToArray());
    }

    /// <summary>
    /// Checks the model's generated lane steps, if it has them, against the span kernels (<see cref="LaneStepChecks"/>):
    /// the SGD step at a random point and, for factored gradients, one SMF-1 and one SMF-2 SH2 step under a random
    /// three-atom law. Returns which were present.
    /// </summary>
    public static (bool Sgd, bool Smf) CheckLaneSteps(Type model, System.Random random)
    {
        var layout = (ModelLayout)model.GetProperty("Layout")!.GetValue(null)!;
        var sgd = model.GetNestedType("SgdLaneStep");
        var smfSteps = new[] { model.GetNestedType("Smf1LaneStep"), model.GetNestedType("Smf2LaneStep") }.OfType<Type>().ToArray();
        if (sgd is not null)
        {
            var method = typeof(LaneStepChecks).GetMethod(nameof(LaneStepChecks.SgdLaneStepMatchesGradient))!.MakeGenericMethod(sgd, model);
            Unwrap(() => method.Invoke(null, [DerivativeOracle.RandomVector(random, layout.ParameterCount), DerivativeOracle.RandomVector(random, layout.DataCount), 0.1]));
        }
        if (model.GetNestedType("SgdIndependentLaneStep") is { } independent)
        {
            var method = typeof(LaneStepChecks).GetMethod(nameof(LaneStepChecks.IndependentSgdLaneStepMatchesGradient))!.MakeGenericMethod(independent, model);
            Unwrap(() => method.Invoke(null, [DerivativeOracle.RandomVector(random, layout.ParameterCount), DerivativeOracle.RandomVector(random, layout.DataCount), 0.1,
                DerivativeOracle.RandomVector(random, layout.DataCount)]));
        }
        if (smfSteps.Length > 0)
        {
            var atoms = Enumerable.Range(0, 3).Select(_ => DerivativeOracle.RandomVector(random, layout.DataCount)).ToArray();
            double[] weights = [0.2, 0.3, 0.5];
            var ξ = DerivativeOracle.RandomVector(random, 3, scale: 2);
            var x = DerivativeOracle.RandomVector(random, layout.ParameterCount);
            foreach (var step in smfSteps)
            {
                var method = typeof(LaneStepChecks).GetMethod(nameof(LaneStepChecks.SmfLaneStepMatchesUnfactored))!.MakeGenericMethod(step, model);
                Unwrap(() => method.Invoke(null, [x, atoms, weights, ξ, 0.1, 0.05]));
            }
            foreach (var step in new[] { model.GetNestedType("Sme1LaneStep"), model.GetNestedType("Sme2LaneStep") }.OfType<Type>())
            {
                var method = typeof(LaneStepChecks).GetMethod(nameof(LaneStepChecks.SmeLaneStepDriftMatchesUnfactored))!.MakeGenericMethod(step, model);
                Unwrap(() => method.Invoke(null, [x, atoms, weights, 0.1, 0.05]));
            }
        }
        return (sgd is not null, smfSteps.Length > 0);
    }

    /// <summary>Checks Φ, f, ∇ₓΦ and ∇²ₓΦ·v of a mean-field model at a random point.</summary>
    public static void CheckMeanFieldModel(Type model, System.Random random)
    {
        var layout = (ModelLayout)model.GetProperty("Layout")!.GetValue(null)!;
        var method = typeof(MeanFieldModelChecks).GetMethod(nameof(MeanFieldModelChecks.DerivativesMatchFiniteDifferences))!.MakeGenericMethod(model);
        var (x, θ, v) = (DerivativeOracle.RandomVector(random, layout.ParameterCount), DerivativeOracle.RandomVector(random, layout.DataCount),
            DerivativeOracle.RandomVector(random, layout.ParameterCount));
        Unwrap(() => method.Invoke(null, [x, θ, v]));
        if (model.GetNestedType("FeatureLanes") is { } lanes)
        {
            var check = typeof(LaneStepChecks).GetMethod(nameof(LaneStepChecks.FeatureLanesMatchSpanKernels))!.MakeGenericMethod(lanes, model);
            Unwrap(() => check.Invoke(null, [x, θ, v]));
        }
    }

    private static void Invoke(string name, Type model, params object[] arguments)
    {
        var method = typeof(RiskModelChecks).GetMethod(name)!.MakeGenericMethod(model);
        Unwrap(() => method.Invoke(null, arguments));
    }

    private static void Unwrap(Action action)
    {
        try
        {
            action();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    public void Dispose() => _context.Unload();
}
