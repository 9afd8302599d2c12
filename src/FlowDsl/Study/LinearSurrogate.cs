using FlowDsl.Simulation;

namespace FlowDsl.Study;

/// <summary>
/// Control variates with mean exactly zero from the model linearised along its deterministic path (issue 12, math.md
/// §7.3.4). With x̄ the gradient-flow path on the fine grid (x̄ₖ₊₁ = x̄ₖ − h∇R(x̄ₖ)) and λ its adjoint
/// (λ_{NK} = ∇f(x̄_T), λₖ = λₖ₊₁ − h∇²R(x̄ₖ)λₖ₊₁), the first-order fluctuation of f at T is λ·δ, driven by
/// <list type="bullet">
/// <item>for SGD: C_SGD = −α Σᵢ λ_{(i+1)K}·(∇R(x̄_{iK}, θᵢ) − ∇R(x̄_{iK})), zero-mean because E_θ∇R(x̄,θ) = ∇R(x̄) exactly
/// under the law SGD sees;</item>
/// <item>for a continuous model: C_M = Σₖ Σⱼ (λₖ₊₁·bʲ(x̄ₖ)) ΔWₖʲ with its own noise columns bʲ, zero-mean because the
/// weights are deterministic.</item>
/// </list>
/// The study regresses D = f(SGD) − f(model) on (C_SGD, C_M); only the O(α) nonlinear remainder is left to Monte Carlo.
/// Any weights keep the estimate unbiased (up to the usual O(1/n) of an estimated coefficient); good weights only help.
/// </summary>
internal sealed class LinearSurrogate
{
    private LinearSurrogate(double[][] path, double[][] adjoint, int substeps)
    {
        Path = path;
        Adjoint = adjoint;
        Substeps = substeps;
    }

    /// <summary>x̄ₖ on the fine grid, k = 0..NK.</summary>
    public double[][] Path { get; }

    /// <summary>λₖ, k = 0..NK.</summary>
    public double[][] Adjoint { get; }

    /// <summary>K, fine steps per SGD step.</summary>
    public int Substeps { get; }

    /// <summary>The surrogate for one starting point, N SGD steps of size α and K substeps, for the observable f.</summary>
    public static LinearSurrogate Build<TModel>(MeanRisk<TModel> mean, double[] start, double alpha, int steps, int substeps, Observable observable)
        where TModel : IRiskModel
    {
        var d = mean.Dimension;
        var total = steps * substeps;
        var h = alpha / substeps;
        var path = new double[total + 1][];
        path[0] = (double[])start.Clone();
        var g = new double[d];
        for (var k = 0; k < total; k++)
        {
            mean.Gradient(path[k], g);
            path[k + 1] = new double[d];
            for (var i = 0; i < d; i++) path[k + 1][i] = path[k][i] - h * g[i];
        }
        var adjoint = new double[total + 1][];
        adjoint[total] = Gradient(observable, path[total]);
        var hv = new double[d];
        for (var k = total - 1; k >= 0; k--)
        {
            mean.HessianVectorProduct(path[k], adjoint[k + 1], hv);
            adjoint[k] = new double[d];
            for (var i = 0; i < d; i++) adjoint[k][i] = adjoint[k + 1][i] - h * hv[i];
        }
        return new LinearSurrogate(path, adjoint, substeps);
    }

    /// <summary>∇f by central differences (f is a user function of one point).</summary>
    private static double[] Gradient(Observable observable, double[] x)
    {
        var gradient = new double[x.Length];
        var probe = (double[])x.Clone();
        for (var i = 0; i < x.Length; i++)
        {
            var step = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            probe[i] = x[i] + step;
            var up = observable.Evaluate(probe, probe);
            probe[i] = x[i] - step;
            var down = observable.Evaluate(probe, probe);
            probe[i] = x[i];
            gradient[i] = (up - down) / (2 * step);
        }
        return gradient;
    }
}
