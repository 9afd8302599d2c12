using FlowDsl.MeanField;

namespace FlowDsl.Tests.MeanField;

/// <summary>Every number one evaluator forms in the passes of a DD-SMF step, an M1 noise factor and an SGD step.</summary>
internal static class MeanFieldPasses
{
    /// <summary>The names of the arrays <see cref="Run{TModel}"/> returns, in order.</summary>
    public static readonly string[] Names =
        ["drift", "r", "V", "s", "M", "JV", "ΔI", "noise factor", "x after SGD", "r after SGD", "V after SGD", "M after SGD", "JV after SGD"];

    /// <summary>
    /// Drift (DD-SMF, α = 0.1) with r, V, s, M and JV, noise ΔI for <paramref name="xi"/>, the M1 noise factor, an SGD
    /// step on atom 1, then r, V, M and JV at the moved configuration. <paramref name="x"/> is not changed.
    /// </summary>
    public static double[][] Run<TModel>(MeanFieldEvaluator<TModel> evaluator, double[] x, double[] xi) where TModel : IMeanFieldModel
    {
        var state = (double[])x.Clone();
        var drift = new double[x.Length];
        evaluator.Drift(state, 0.1, corrected: true, drift);
        var formed = new[] { evaluator.Residual.ToArray(), evaluator.Field.ToArray(), evaluator.OutputVelocity.ToArray(), evaluator.MeasureTerm.ToArray(), evaluator.SpatialTerm.ToArray() };
        var noise = new double[x.Length];
        evaluator.NoiseIncrement(state, xi, 0.25, noise);
        var factor = new double[x.Length * xi.Length];
        evaluator.NoiseFactor(state, factor);
        evaluator.SgdStep(state, 1, 0.1);
        evaluator.ComputeResidualsAndField(state);
        evaluator.ComputeCorrectionTerms(state);
        return [drift, .. formed, noise, factor, state,
            evaluator.Residual.ToArray(), evaluator.Field.ToArray(), evaluator.MeasureTerm.ToArray(), evaluator.SpatialTerm.ToArray()];
    }
}
