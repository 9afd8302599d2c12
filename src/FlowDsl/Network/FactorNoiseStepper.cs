using System.Numerics.Tensors;
using FlowDsl.Simulation;

namespace FlowDsl.Network;

/// <summary>
/// One step of a continuous model of minibatch SGD for the empirical law, matrix-free, by stochastic Heun with midpoint
/// diffusion (SH2, math.md §5.2):
/// <code>
/// drift      a(x) = −∇R(x)                       (order 1: GF, SME-1, SMF-1)
///            a(x) = −∇R(x) − (α/2)∇²R(x)∇R(x)    (order 2: SME-2, SMF-2; math.md §2.1, the HVP form)
/// diffusion  Σⱼ bʲ(x)ΔWʲ = √(α/B)·√(1/N)·Σⱼ G(x,θⱼ)ΔWʲ,  ΔWʲ ~ N(0,h), j = 1..N     (math.md §3.4 a, §1.1 minibatch)
/// Ȳ = Y + a(Y)h + Σ bʲ(Y)ΔWʲ;   Ŷ = Y + ½a(Y)h;   Y' = Y + ½[a(Ȳ) + a(Y)]h + Σ bʲ(Ŷ)ΔWʲ
/// </code>
/// The diffusion is the factor B(x) = √(α/(BN))[G(x,θ₁) … G(x,θ_N)] with B Bᵀ = (α/B)Σ(x): for one point its law is that
/// of √(α/B)Σ^{1/2}ξ, so it serves SME and SMF alike; they differ only in how the ΔW are shared between starting
/// points (<see cref="NoiseModel"/>). Without noise it is Heun's method. Per step: 3 gradient sweeps over the atoms and,
/// for order 2, 2 Hessian-vector-product sweeps; memory <see cref="Vectors"/>·d doubles.
/// </summary>
internal sealed class FactorNoiseStepper<TModel> where TModel : IRiskModel
{
    /// <summary>Length-d vectors a stepper owns (its sweep included).</summary>
    public const int Vectors = 7 + MeanRiskSweep<TModel>.Vectors;

    private readonly MeanRiskSweep<TModel> _sweep;
    private readonly ContinuousModel _model;
    private readonly double _alpha, _noiseScale;
    private readonly double[] _mean, _aY, _aBar, _noise, _yBar, _yHat, _hv;

    /// <summary>A stepper of <paramref name="model"/> at learning rate <paramref name="alpha"/> and batch <paramref name="batch"/>.</summary>
    public FactorNoiseStepper(DataRows data, ContinuousModel model, double alpha, int batch)
    {
        if (model.Noise == NoiseModel.SmeSharedBrownian)
            throw new NotSupportedException($"{model.Name} needs Σ^{{1/2}}(x) itself (one shared d-dimensional Brownian motion), which the matrix-free steppers never form; use SME (independent copies) or SMF.");
        _sweep = new MeanRiskSweep<TModel>(data);
        _model = model;
        _alpha = alpha;
        _noiseScale = Math.Sqrt(alpha / batch / data.Count);
        var d = TModel.Layout.ParameterCount;
        (_mean, _aY, _aBar, _noise, _yBar, _yHat, _hv) = (NetworkBuffers.Vector(d), NetworkBuffers.Vector(d), NetworkBuffers.Vector(d),
            NetworkBuffers.Vector(d), NetworkBuffers.Vector(d), NetworkBuffers.Vector(d), NetworkBuffers.Vector(d));
    }

    /// <summary>Gradient sweeps and HVP sweeps per step, for the cost estimate.</summary>
    public static (int Gradients, int Hvps) SweepsPerStep(ContinuousModel model) =>
        (model.Noise == NoiseModel.None ? 2 : 3, model.DriftOrder == 2 ? 2 : 0);

    /// <summary>One SH2 step of size <paramref name="h"/> of <paramref name="y"/>; <paramref name="increments"/> are ΔWʲ ~ N(0,h), one per atom.</summary>
    public void Step(Span<double> y, double h, ReadOnlySpan<double> increments)
    {
        var noisy = _model.Noise != NoiseModel.None;
        if (noisy) _sweep.GradientAndNoise(y, increments, _noiseScale, _mean, _noise);
        else _sweep.Gradient(y, _mean);
        Drift(y, _aY);
        for (var i = 0; i < y.Length; i++)
        {
            _yBar[i] = y[i] + _aY[i] * h + (noisy ? _noise[i] : 0);
            _yHat[i] = y[i] + 0.5 * _aY[i] * h;
        }
        _sweep.Gradient(_yBar, _mean);
        Drift(_yBar, _aBar);
        if (noisy) _sweep.GradientAndNoise(_yHat, increments, _noiseScale, _mean, _noise);
        for (var i = 0; i < y.Length; i++) y[i] += 0.5 * (_aBar[i] + _aY[i]) * h + (noisy ? _noise[i] : 0);
    }

    /// <summary>a(x) from ∇R(x) in <c>_mean</c>: −∇R, or −∇R − (α/2)∇²R∇R for order 2.</summary>
    private void Drift(ReadOnlySpan<double> x, Span<double> drift)
    {
        if (_model.DriftOrder == 2)
        {
            _sweep.HessianVectorProduct(x, _mean, _hv);
            TensorPrimitives.Multiply(_hv, -_alpha / 2, drift);
            TensorPrimitives.Subtract(drift, _mean, drift);
        }
        else TensorPrimitives.Negate(_mean, drift);
    }
}
