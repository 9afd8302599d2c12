using FlowDsl.Random;

namespace FlowDsl.Schemes;

/// <summary>
/// Exact transitions of linear SDEs (math.md §5.6), found by probing the coefficients, so there is no solver bias:
/// <list type="bullet">
/// <item>Ornstein–Uhlenbeck: a(x) = Bx + β with symmetric B and constant noise columns b (C = Σⱼbʲbʲᵀ):
/// Y' = e^{Bh}Y + φ₁(Bh)hβ + η, η ~ N(0, Q), Q = ∫₀ʰ e^{Bs} C e^{Bs} ds (in B's eigenbasis Q̃ᵢⱼ = C̃ᵢⱼ(e^{(λᵢ+λⱼ)h} − 1)/(λᵢ+λⱼ)).
/// η = Q^{1/2}ζ with ζ = ΔW/√h in the first min(d, m) components (so it stays coupled to the Brownian path).</item>
/// <item>Geometric Brownian motion, d = 1: a(x) = cx, bʲ(x) = σⱼx: Y' = Y exp((c − σ²/2)h + Σⱼσⱼ ΔWʲ), σ² = Σⱼσⱼ².</item>
/// </list>
/// </summary>
internal sealed class ExactLinearTransition
{
    private readonly int _d, _m;
    private readonly bool _geometric;
    private readonly double _growth;          // GBM: c − σ²/2
    private readonly double[] _sigma = [];     // GBM: σⱼ
    private readonly double[] _propagator = []; // OU: e^{Bh}, d×d
    private readonly double[] _shift = [];      // OU: φ₁(Bh)hβ
    private readonly double[] _noiseRoot = [];  // OU: Q^{1/2}
    private readonly double[] _zeta, _y;

    /// <summary>Probes <paramref name="sde"/> around <paramref name="probe"/> and prepares the transition over a step <paramref name="h"/>.</summary>
    public ExactLinearTransition(ISdeCoefficients sde, ReadOnlySpan<double> probe, double h, string modelName)
    {
        _d = sde.Dimension;
        _m = sde.Rank;
        int d = _d, m = _m;
        _zeta = new double[d];
        _y = new double[d];
        var a = new double[d];
        var zero = new double[d];
        var beta = new double[d];
        sde.Drift(zero, beta);
        var b = new double[d * d];
        for (var k = 0; k < d; k++)
        {
            var e = new double[d];
            e[k] = 1;
            sde.Drift(e, a);
            for (var i = 0; i < d; i++) b[i * d + k] = a[i] - beta[i];
        }
        // The drift must be affine: check at the probe point.
        sde.Drift(probe, a);
        for (var i = 0; i < d; i++)
        {
            double expected = beta[i];
            for (var k = 0; k < d; k++) expected += b[i * d + k] * probe[k];
            if (Math.Abs(expected - a[i]) > 1e-9 * (1 + Math.Abs(a[i])))
                throw new NotSupportedException($"Exact linear transitions need a drift affine in x; the drift of '{modelName}' is not (component {i}: {a[i]} vs affine {expected}).");
        }
        var c0 = new double[d * Math.Max(m, 1)];
        var c1 = new double[d * Math.Max(m, 1)];
        sde.Columns(zero, c0);
        sde.Columns(probe, c1);
        var constant = true;
        for (var i = 0; i < c0.Length; i++)
            if (Math.Abs(c0[i] - c1[i]) > 1e-12 * (1 + Math.Abs(c1[i]))) constant = false;

        if (constant)
        {
            for (var i = 0; i < d; i++)
                for (var k = 0; k < i; k++)
                    if (Math.Abs(b[i * d + k] - b[k * d + i]) > 1e-9 * (1 + Math.Abs(b[i * d + k])))
                        throw new NotSupportedException($"Exact Ornstein–Uhlenbeck transitions need a symmetric drift matrix; '{modelName}' has B[{i},{k}] ≠ B[{k},{i}].");
            (_propagator, _shift, _noiseRoot) = OrnsteinUhlenbeck(b, beta, c0, d, m, h);
            return;
        }
        if (d != 1)
            throw new NotSupportedException($"Exact transitions exist for constant noise (OU) or for d = 1 with linear noise (GBM); '{modelName}' has d = {d} and state-dependent noise.");
        for (var j = 0; j < m; j++)
            if (Math.Abs(c0[j]) > 1e-14)
                throw new NotSupportedException($"Exact GBM transitions need noise proportional to x; column {j} of '{modelName}' is {c0[j]} at x = 0.");
        if (Math.Abs(beta[0]) > 1e-14)
            throw new NotSupportedException($"Exact GBM transitions need a drift proportional to x; '{modelName}' has drift {beta[0]} at x = 0.");
        _geometric = true;
        _sigma = new double[m];
        double s2 = 0;
        for (var j = 0; j < m; j++)
        {
            _sigma[j] = c1[j] / probe[0];
            s2 += _sigma[j] * _sigma[j];
        }
        _growth = (b[0] - s2 / 2) * h;
    }

    /// <summary>Advances <paramref name="x"/> by the exact transition, with Brownian increments <paramref name="dW"/> over the step.</summary>
    public void Step(Span<double> x, ReadOnlySpan<double> dW, double h, in StepKey key)
    {
        if (_geometric)
        {
            var exponent = _growth;
            for (var j = 0; j < _m; j++) exponent += _sigma[j] * dW[j];
            x[0] *= Math.Exp(exponent);
            return;
        }
        int d = _d, shared = Math.Min(d, _m);
        var sqrtH = Math.Sqrt(h);
        for (var k = 0; k < shared; k++) _zeta[k] = dW[k] / sqrtH;
        if (shared < d)
        {
            var rng = new CounterRng(key.Seed, key.PathKey, (uint)key.Step, RandomStreams.Exact + key.Stream);
            for (var k = shared; k < d; k++) _zeta[k] = rng.NextNormal();
        }
        for (var i = 0; i < d; i++)
        {
            var sum = _shift[i];
            for (var k = 0; k < d; k++) sum += _propagator[i * d + k] * x[k] + _noiseRoot[i * d + k] * _zeta[k];
            _y[i] = sum;
        }
        _y.CopyTo(x);
    }

    private static (double[] Propagator, double[] Shift, double[] NoiseRoot) OrnsteinUhlenbeck(double[] b, double[] beta, double[] columns, int d, int m, double h)
    {
        var work = (double[])b.Clone();
        var lambda = new double[d];
        var v = new double[d * d];
        SymmetricEigen.Decompose(work, d, lambda, v);
        // C̃ = Vᵀ C V with C = Σⱼ bʲbʲᵀ.
        var cTilde = new double[d * d];
        for (var j = 0; j < m; j++)
        {
            var proj = new double[d];
            for (var p = 0; p < d; p++)
                for (var i = 0; i < d; i++) proj[p] += v[i * d + p] * columns[j * d + i];
            for (var p = 0; p < d; p++)
                for (var q = 0; q < d; q++) cTilde[p * d + q] += proj[p] * proj[q];
        }
        var qTilde = new double[d * d];
        for (var p = 0; p < d; p++)
            for (var q = 0; q < d; q++)
            {
                var s = (lambda[p] + lambda[q]) * h;
                qTilde[p * d + q] = cTilde[p * d + q] * h * Phi1(s);
            }
        var propagator = new double[d * d];
        var phi = new double[d * d];
        var q2 = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++)
            {
                double e = 0, f = 0, g = 0;
                for (var p = 0; p < d; p++)
                {
                    e += v[i * d + p] * Math.Exp(lambda[p] * h) * v[k * d + p];
                    f += v[i * d + p] * Phi1(lambda[p] * h) * h * v[k * d + p];
                    for (var q = 0; q < d; q++) g += v[i * d + p] * qTilde[p * d + q] * v[k * d + q];
                }
                propagator[i * d + k] = e;
                phi[i * d + k] = f;
                q2[i * d + k] = g;
            }
        var shift = new double[d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++) shift[i] += phi[i * d + k] * beta[k];
        var root = new double[d * d];
        SymmetricEigen.SquareRoot(q2, d, root, new double[2 * d * d + d]);
        return (propagator, shift, root);
    }

    /// <summary>φ₁(z) = (e^z − 1)/z, with φ₁(0) = 1.</summary>
    private static double Phi1(double z) => Math.Abs(z) < 1e-5 ? 1 + z / 2 + z * z / 6 : (Math.Exp(z) - 1) / z;
}
