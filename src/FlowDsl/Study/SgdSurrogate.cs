using FlowDsl.Simulation;
using static FlowDsl.Study.SurrogateCalculus;

namespace FlowDsl.Study;

/// <summary>
/// SGD's surrogate control variates (math.md §7.3.4): SGD expanded to second order in its data noise along the
/// deterministic path x̄ᵢ₊₁ = x̄ᵢ − α∇R̄(x̄ᵢ), driven by the same draws θᵢ as the simulated SGD. With Aᵢ = I − αH̄ᵢ,
/// ξᵢ = ∇R(x̄ᵢ,θᵢ) − ∇R̄(x̄ᵢ) and the adjoint μ_N = ∇f(x̄_N), μᵢ = Aᵢμᵢ₊₁, a path gives
/// <code>
/// C₁ = ∇f·δ¹_N = −α Σᵢ μᵢ₊₁·ξᵢ                                         (δ¹ᵢ₊₁ = Aᵢδ¹ᵢ − αξᵢ)
/// C₂ = ∇f·δ²_N + ½δ¹_Nᵀ∇²f δ¹_N
///    = −α Σᵢ [½δ¹ᵢᵀTᵢδ¹ᵢ + ((∇²R(x̄ᵢ,θᵢ) − H̄ᵢ)μᵢ₊₁)·δ¹ᵢ] + ½δ¹_Nᵀ∇²f δ¹_N,  Tᵢ = ∇³R̄(x̄ᵢ)[μᵢ₊₁]
/// </code>
/// E C₁ = 0 and E C₂ = Σᵢ (−α/2)tr(TᵢPᵢ) + ½tr(∇²f P_N) exactly, with Pᵢ₊₁ = AᵢPᵢAᵢᵀ + (α²/B)Σ(x̄ᵢ), P₀ = 0 (δ¹ᵢ has mean
/// 0 and is independent of θᵢ). Both hold for the law SGD samples, because ∇R̄, H̄ and Σ are its exact means
/// (<see cref="MeanRisk{TModel}"/>). A path reports (C₁, C₂ − E C₂); a first-order surrogate builds only what C₁ needs
/// (x̄, ∇R̄, Aᵢ, μ) and reports (C₁, 0).
/// </summary>
internal sealed class SgdSurrogate<TModel> where TModel : IRiskModel
{
    private readonly int _d;
    private readonly double _alpha;
    private readonly double[][] _points, _means, _transitions, _adjoint;
    private readonly double[][]? _meanHv, _third; // null for a first-order surrogate
    private readonly double[]? _halfObservable;

    private SgdSurrogate(int d, double alpha, double[][] points, double[][] means, double[][] transitions, double[][] adjoint,
        double[][]? meanHv, double[][]? third, double[]? halfObservable, double quadraticMean)
    {
        (_d, _alpha) = (d, alpha);
        (_points, _means, _transitions, _adjoint, _meanHv, _third, _halfObservable) = (points, means, transitions, adjoint, meanHv, third, halfObservable);
        QuadraticMean = quadraticMean;
    }

    /// <summary>E C₂, exact for the tensors of this surrogate.</summary>
    public double QuadraticMean { get; }

    /// <summary>The surrogate of N = <paramref name="steps"/> SGD steps of size α from <paramref name="start"/>, batch B, observable f.</summary>
    /// <remarks>With <paramref name="secondOrder"/> false the tensors of C₂ (∇³R̄[μ], H̄μ, ∇²f, the covariance recursion) are not built.</remarks>
    public static SgdSurrogate<TModel> Build(MeanRisk<TModel> mean, double[] start, double alpha, int steps, int batch, Observable f, bool secondOrder = true)
    {
        var d = mean.Dimension;
        var points = new double[steps + 1][];
        var means = new double[steps][];
        points[0] = (double[])start.Clone();
        for (var i = 0; i < steps; i++)
        {
            means[i] = new double[d];
            mean.Gradient(points[i], means[i]);
            points[i + 1] = new double[d];
            for (var k = 0; k < d; k++) points[i + 1][k] = points[i][k] - alpha * means[i][k];
        }
        var transitions = new double[steps][];
        for (var i = 0; i < steps; i++)
        {
            var a = Hessian(mean, points[i]);
            for (var k = 0; k < a.Length; k++) a[k] *= -alpha;
            for (var k = 0; k < d; k++) a[k * d + k] += 1;
            transitions[i] = a; // Aᵢ = I − αH̄ᵢ (symmetric)
        }
        var adjoint = new double[steps + 1][]; // adjoint[i] = μᵢ
        adjoint[steps] = Gradient(f, points[steps]);
        for (var i = steps - 1; i >= 0; i--) adjoint[i] = Times(transitions[i], adjoint[i + 1], d);
        if (!secondOrder) return new SgdSurrogate<TModel>(d, alpha, points, means, transitions, adjoint, null, null, null, 0);
        var meanHv = new double[steps][];
        var third = new double[steps][];
        for (var i = 0; i < steps; i++)
        {
            meanHv[i] = new double[d];
            mean.HessianVectorProduct(points[i], adjoint[i + 1], meanHv[i]);
            third[i] = ThirdContracted(mean, points[i], adjoint[i + 1]);
            for (var k = 0; k < third[i].Length; k++) third[i][k] *= -alpha / 2; // stored as −(α/2)Tᵢ
        }
        var halfObservable = Hessian(f, points[steps]);
        for (var k = 0; k < halfObservable.Length; k++) halfObservable[k] /= 2;

        // E C₂ = Σᵢ tr(−(α/2)TᵢPᵢ) + tr(½∇²f P_N), Pᵢ₊₁ = AᵢPᵢAᵢᵀ + (α²/B)Σ(x̄ᵢ).
        var p = new double[d * d];
        var sigma = new double[d * d];
        var scratch = new double[d * d];
        double expectation = 0;
        for (var i = 0; i < steps; i++)
        {
            expectation += Trace(third[i], p);
            mean.NoiseKernel(points[i], points[i], sigma);
            for (var k = 0; k < sigma.Length; k++) sigma[k] *= alpha * alpha / batch;
            Propagate(transitions[i], p, sigma, d, scratch);
        }
        expectation += Trace(halfObservable, p);
        return new SgdSurrogate<TModel>(d, alpha, points, means, transitions, adjoint, meanHv, third, halfObservable, expectation);
    }

    /// <summary>The per-run controls (C₁, C₂ − E C₂) for <see cref="SgdSimulator{TModel}.Controls"/>.</summary>
    public PathControls<ISgdPathControl> Controls() => new(2, () => new Worker(this));

    private static double[] Times(double[] a, double[] v, int d)
    {
        var result = new double[d];
        for (var i = 0; i < d; i++)
        {
            double sum = 0;
            for (var j = 0; j < d; j++) sum += a[i * d + j] * v[j];
            result[i] = sum;
        }
        return result;
    }

    private sealed class Worker(SgdSurrogate<TModel> s) : ISgdPathControl
    {
        private readonly double[] _delta = new double[s._d], _next = new double[s._d], _xi = new double[s._d], _hv = new double[s._d],
            _g = new double[s._d], _h = new double[s._d];
        private double _first, _second;

        public void Begin()
        {
            Array.Clear(_delta);
            _first = _second = 0;
        }

        public void Step(int step, double[][] draws)
        {
            var d = s._d;
            var x = s._points[step];
            var mu = s._adjoint[step + 1];
            Array.Clear(_xi);
            Array.Clear(_hv);
            if (s._third is null)
            {
                FirstOrderStep(step, draws);
                return;
            }
            foreach (var θ in draws)
            {
                TModel.Gradient(x, θ, _g);
                TModel.HessianVectorProduct(x, θ, mu, _h);
                for (var i = 0; i < d; i++) { _xi[i] += _g[i]; _hv[i] += _h[i]; }
            }
            var inv = 1.0 / draws.Length;
            double linear = 0, cross = 0;
            for (var i = 0; i < d; i++)
            {
                _xi[i] = _xi[i] * inv - s._means[step][i];
                _hv[i] = _hv[i] * inv - s._meanHv![step][i];
                linear += mu[i] * _xi[i];
                cross += _hv[i] * _delta[i];
            }
            var alpha = s._alpha;
            _first -= alpha * linear;
            _second += Quadratic(s._third[step], _delta) - alpha * cross;
            var a = s._transitions[step];
            for (var i = 0; i < d; i++)
            {
                double sum = 0;
                for (var j = 0; j < d; j++) sum += a[i * d + j] * _delta[j];
                _next[i] = sum - alpha * _xi[i];
            }
            _next.CopyTo(_delta, 0);
        }

        /// <summary>C₁ alone: −αμᵢ₊₁·ξᵢ, with no δ¹ to carry.</summary>
        private void FirstOrderStep(int step, double[][] draws)
        {
            var (d, x, mu) = (s._d, s._points[step], s._adjoint[step + 1]);
            foreach (var θ in draws)
            {
                TModel.Gradient(x, θ, _g);
                for (var i = 0; i < d; i++) _xi[i] += _g[i];
            }
            var inv = 1.0 / draws.Length;
            double linear = 0;
            for (var i = 0; i < d; i++) linear += mu[i] * (_xi[i] * inv - s._means[step][i]);
            _first -= s._alpha * linear;
        }

        public void End(Span<double> values)
        {
            values[0] = _first;
            values[1] = s._halfObservable is null ? 0 : _second + Quadratic(s._halfObservable, _delta) - s.QuadraticMean;
        }
    }
}
