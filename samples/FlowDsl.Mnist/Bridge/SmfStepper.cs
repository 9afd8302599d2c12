using System.Numerics.Tensors;
using FlowDsl.Random;

namespace FlowDsl.Mnist.Bridge;

/// <summary>
/// SMF-2 for the empirical law over N atoms (math.md §3.2, §3.4a), integrated with stochastic Heun with midpoint
/// diffusion, SH2 (§5.2):
/// <code>
/// dX = a(X) dt + Σ_j b^j(X) dβ_j,   a = −∇R − (α/2)∇²R∇R,   b^j = √α √(1/N) G(X,θ_j),   G = ∇R − ∇R(·,θ_j)
/// Ȳ = Y + a(Y)h + Σ b^j(Y)ΔW^j;   Ŷ = Y + ½a(Y)h;   Y' = Y + ½[a(Ȳ) + a(Y)]h + Σ b^j(Ŷ)ΔW^j
/// </code>
/// with ΔW^j ~ N(0,h) drawn once per step. The noise is Σ_j b^j ΔW^j = √(α/N)[∇R(X)·Σ_jΔW^j − Σ_j ΔW^j ∇R(X,θ_j)].
/// Per step: three gradient sweeps and two Hessian-vector-product sweeps over the atoms.
/// </summary>
public sealed class SmfStepper<TModel> where TModel : IRiskModel
{
    private readonly EmpiricalRisk<TModel> _risk;
    private readonly double _alpha;
    private readonly double[] _dW, _mean, _weighted, _aY, _aBar, _corr, _yBar, _yHat, _noise;

    /// <summary>A stepper for learning rate <paramref name="alpha"/> over the given empirical risk.</summary>
    public SmfStepper(EmpiricalRisk<TModel> risk, double alpha)
    {
        _risk = risk;
        _alpha = alpha;
        var d = TModel.Layout.ParameterCount;
        _dW = new double[risk.AtomCount];
        (_mean, _weighted, _aY, _aBar, _corr, _yBar, _yHat, _noise) =
            (new double[d], new double[d], new double[d], new double[d], new double[d], new double[d], new double[d], new double[d]);
    }

    /// <summary>One SH2 step of size <paramref name="h"/>; the ΔW come from <paramref name="rng"/> (keyed by path and step).</summary>
    public void Step(double[] y, double h, ref CounterRng rng)
    {
        var sqrtH = Math.Sqrt(h);
        for (var j = 0; j < _dW.Length; j++) _dW[j] = sqrtH * rng.NextNormal();

        // a(Y) and the noise at Y (predictor).
        _risk.GradientSweep(y, _mean, _dW, _weighted);
        _risk.Drift(y, _mean, _alpha, _aY, _corr);
        Noise(_noise);
        for (var i = 0; i < y.Length; i++)
        {
            _yBar[i] = y[i] + _aY[i] * h + _noise[i];
            _yHat[i] = y[i] + 0.5 * _aY[i] * h;
        }

        // a(Ȳ).
        _risk.GradientSweep(_yBar, _mean, default, default);
        _risk.Drift(_yBar, _mean, _alpha, _aBar, _corr);

        // Noise at the midpoint Ŷ, same ΔW.
        _risk.GradientSweep(_yHat, _mean, _dW, _weighted);
        Noise(_noise);
        for (var i = 0; i < y.Length; i++) y[i] += 0.5 * (_aBar[i] + _aY[i]) * h + _noise[i];
    }

    /// <summary>√(α/N)[mean·Σ_jΔW^j − Σ_j ΔW^j ∇R(·,θ_j)] from the last sweep.</summary>
    private void Noise(Span<double> noise)
    {
        var scale = Math.Sqrt(_alpha / _dW.Length);
        var sumDw = 0.0;
        foreach (var w in _dW) sumDw += w;
        TensorPrimitives.Multiply(_mean, sumDw, noise);
        TensorPrimitives.Subtract(noise, _weighted, noise);
        TensorPrimitives.Multiply(noise, scale, noise);
    }
}
