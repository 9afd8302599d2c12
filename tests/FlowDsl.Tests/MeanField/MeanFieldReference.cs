using FlowDsl.Models.ByHand;
namespace FlowDsl.Tests.MeanField;

/// <summary>
/// Independent, deliberately plain evaluations of the mean-field quantities straight from their definitions
/// (math.md §4.1–4.3), used as oracles for <c>MeanFieldEvaluator</c>.
/// </summary>
internal static class MeanFieldReference
{
    /// <summary>V(y, νⁿ) = Σⱼ pⱼ (f(θⱼ) − (1/n)Σₗ Φ(θⱼ, xₗ)) ∇ₓΦ(θⱼ, y) at an arbitrary point y.</summary>
    public static double[] Field<TModel>(FlowDsl.MeanField.MeanFieldData data, double[] particles, ReadOnlySpan<double> y)
        where TModel : IMeanFieldModel
    {
        var d = y.Length;
        var v = new double[d];
        var g = new double[d];
        for (var j = 0; j < data.Count; j++)
        {
            var r = data.Targets[j] - Output<TModel>(particles, d, data.Atom(j));
            TModel.FeatureGradient(y, data.Atom(j), g);
            for (var i = 0; i < d; i++) v[i] += data.Weights[j] * r * g[i];
        }
        return v;
    }

    /// <summary>(1/n) Σₖ Φ(θ, xₖ).</summary>
    public static double Output<TModel>(double[] particles, int d, ReadOnlySpan<double> θ) where TModel : IMeanFieldModel
    {
        var n = particles.Length / d;
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += TModel.Feature(particles.AsSpan(k * d, d), θ);
        return sum / n;
    }

    /// <summary>Eₙ(x) = ½ Σⱼ pⱼ (f(θⱼ) − (1/n)Σₗ Φ(θⱼ, xₗ))², from Φ values only.</summary>
    public static double Energy<TModel>(FlowDsl.MeanField.MeanFieldData data, double[] particles, int d) where TModel : IMeanFieldModel
    {
        var sum = 0.0;
        for (var j = 0; j < data.Count; j++)
        {
            var r = data.Targets[j] - Output<TModel>(particles, d, data.Atom(j));
            sum += data.Weights[j] * r * r;
        }
        return 0.5 * sum;
    }

    /// <summary>
    /// The fourth-order central difference of f along a direction: [−f(2ε) + 8f(ε) − 8f(−ε) + f(−2ε)] / (12ε),
    /// where f(s) is given.
    /// </summary>
    public static double FivePoint(Func<double, double> f, double epsilon) =>
        (-f(2 * epsilon) + 8 * f(epsilon) - 8 * f(-epsilon) + f(-2 * epsilon)) / (12 * epsilon);

    /// <summary>The gradient of a function on ℝᴰ by <see cref="FivePoint"/> in each coordinate.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double epsilon)
    {
        var gradient = new double[x.Length];
        var shifted = (double[])x.Clone();
        for (var i = 0; i < x.Length; i++)
        {
            gradient[i] = FivePoint(s =>
            {
                shifted[i] = x[i] + s;
                var value = f(shifted);
                shifted[i] = x[i];
                return value;
            }, epsilon);
        }
        return gradient;
    }
}
