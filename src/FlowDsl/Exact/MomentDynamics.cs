namespace FlowDsl.Exact;

/// <summary>
/// The moment maps of math.md §6.1 on a flat state. One point: z = (m, vec M). Two points: z = (mₓ, m_y, vec Mₓ, vec M_y, vec P).
/// Everything is written with the centred noise N(P, mₓ, m_y) := E[(Ãx − c̃)(Ãy − c̃)ᵀ] averaged over x, y
/// = T̃(P) − Ũ(mₓ) − Ũ(m_y)ᵀ + C̃, with T̃(P)ᵢₖ = Σⱼₗ E[ÃᵢⱼÃₖₗ]Pⱼₗ and Ũ(m)ᵢₖ = Σⱼ E[Ãᵢⱼc̃ₖ]mⱼ.
/// </summary>
internal sealed class MomentDynamics
{
    private readonly AffineGradientMoments _p;
    private readonly int _d;
    private readonly double _alpha;
    private readonly double[,] _drift;   // B
    private readonly double[] _offset;   // β
    private readonly bool _twoPoint;
    private readonly bool _sharedNoise;

    /// <summary>
    /// The moment map of one dynamics: the SDE moment ODE of drift order <paramref name="driftOrder"/> (drift b(x) = Bx + β),
    /// or the SGD map; <paramref name="sharedNoise"/> says whether two points feel the same noise (SGD's θᵢ, SMF's W).
    /// </summary>
    private MomentDynamics(AffineGradientMoments problem, double alpha, bool twoPoint, int driftOrder, bool sharedNoise)
    {
        _p = problem;
        _d = problem.D;
        _alpha = alpha;
        _twoPoint = twoPoint;
        _sharedNoise = sharedNoise;
        var a = problem.MeanAValues;
        var c = problem.MeanCValues;
        _drift = new double[_d, _d];
        _offset = new double[_d];
        // SME-1: B = −Ā, β = c̄.  SME-2: B = −(I + (α/2)Ā)Ā, β = (I + (α/2)Ā)c̄  (the −(α/2)∇²R∇R correction with ∇²R = Ā).
        var half = driftOrder == 2 ? 0.5 * alpha : 0.0;
        for (var i = 0; i < _d; i++)
        {
            _offset[i] = c[i];
            for (var j = 0; j < _d; j++)
            {
                _offset[i] += half * a[i, j] * c[j];
                var aa = 0.0;
                for (var k = 0; k < _d; k++) aa += a[i, k] * a[k, j];
                _drift[i, j] = -a[i, j] - half * aa;
            }
        }
    }

    /// <summary>The SGD recursion (§1.1–1.2): two points use the same θᵢ. <see cref="SgdStep"/> reads Ā and c̄ itself, not B and β.</summary>
    public static MomentDynamics Sgd(AffineGradientMoments problem, double alpha, bool twoPoint) =>
        new(problem, alpha, twoPoint, driftOrder: 1, sharedNoise: true);

    /// <summary>The moment ODE of SME (independent copies for two points) or SMF (one shared W), order 1 or 2.</summary>
    public static MomentDynamics Continuous(AffineGradientMoments problem, ContinuousModel model, double alpha, bool twoPoint) =>
        new(problem, alpha, twoPoint, model.DriftOrder, sharedNoise: model.Noise == NoiseModel.Smf);

    /// <summary>Length of the state z.</summary>
    public int StateLength => _twoPoint ? 2 * _d + 3 * _d * _d : _d + _d * _d;

    /// <summary>The deterministic start: m = u, M = uuᵀ (and m_y = v, M_y = vvᵀ, P = uvᵀ).</summary>
    public double[] InitialState(double[] u, double[]? v)
    {
        var z = new double[StateLength];
        u.CopyTo(z, 0);
        if (_twoPoint)
        {
            v!.CopyTo(z, _d);
            WriteOuter(u, u, z.AsSpan(2 * _d));
            WriteOuter(v, v, z.AsSpan(2 * _d + _d * _d));
            WriteOuter(u, v, z.AsSpan(2 * _d + 2 * _d * _d));
        }
        else WriteOuter(u, u, z.AsSpan(_d));
        return z;
    }

    /// <summary>
    /// ż for the SDE models: ṁ = Bm + β; Ṁ = BM + MBᵀ + βmᵀ + mβᵀ + α N(M, m, m);
    /// Ṗ = BP + PBᵀ + βm_yᵀ + mₓβᵀ + α N(P, mₓ, m_y) for SMF (shared W), without the α-term for independent copies.
    /// </summary>
    public void Derivative(ReadOnlySpan<double> z, Span<double> dz)
    {
        var d = _d;
        var d2 = d * d;
        if (!_twoPoint)
        {
            MeanDerivative(z[..d], dz[..d]);
            SecondDerivative(z.Slice(d, d2), z[..d], z[..d], noise: true, dz.Slice(d, d2));
            return;
        }
        var mx = z[..d];
        var my = z.Slice(d, d);
        MeanDerivative(mx, dz[..d]);
        MeanDerivative(my, dz.Slice(d, d));
        SecondDerivative(z.Slice(2 * d, d2), mx, mx, noise: true, dz.Slice(2 * d, d2));
        SecondDerivative(z.Slice(2 * d + d2, d2), my, my, noise: true, dz.Slice(2 * d + d2, d2));
        SecondDerivative(z.Slice(2 * d + 2 * d2, d2), mx, my, noise: _sharedNoise, dz.Slice(2 * d + 2 * d2, d2));
    }

    /// <summary>
    /// One SGD step with a shared θ: m' = Km + αc̄ (K = I − αĀ);
    /// P' = KPKᵀ + α(Kmₓc̄ᵀ + c̄m_yᵀKᵀ) + α²c̄c̄ᵀ + α² N(P, mₓ, m_y) (M' is the case y = x).
    /// </summary>
    public void SgdStep(ReadOnlySpan<double> z, Span<double> next)
    {
        var d = _d;
        var d2 = d * d;
        if (!_twoPoint)
        {
            SgdSecond(z.Slice(d, d2), z[..d], z[..d], next.Slice(d, d2));
            SgdMean(z[..d], next[..d]);
            return;
        }
        var mx = z[..d];
        var my = z.Slice(d, d);
        SgdSecond(z.Slice(2 * d, d2), mx, mx, next.Slice(2 * d, d2));
        SgdSecond(z.Slice(2 * d + d2, d2), my, my, next.Slice(2 * d + d2, d2));
        SgdSecond(z.Slice(2 * d + 2 * d2, d2), mx, my, next.Slice(2 * d + 2 * d2, d2));
        SgdMean(mx, next[..d]);
        SgdMean(my, next.Slice(d, d));
    }

    private void MeanDerivative(ReadOnlySpan<double> m, Span<double> dm)
    {
        for (var i = 0; i < _d; i++)
        {
            var s = _offset[i];
            for (var j = 0; j < _d; j++) s += _drift[i, j] * m[j];
            dm[i] = s;
        }
    }

    private void SecondDerivative(ReadOnlySpan<double> p, ReadOnlySpan<double> mx, ReadOnlySpan<double> my, bool noise, Span<double> dp)
    {
        var d = _d;
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++)
            {
                var s = _offset[i] * my[k] + mx[i] * _offset[k];
                for (var j = 0; j < d; j++) s += _drift[i, j] * p[j * d + k] + p[i * d + j] * _drift[k, j];
                if (noise) s += _alpha * Noise(p, mx, my, i, k);
                dp[i * d + k] = s;
            }
    }

    private void SgdMean(ReadOnlySpan<double> m, Span<double> next)
    {
        var a = _p.MeanAValues;
        var c = _p.MeanCValues;
        for (var i = 0; i < _d; i++)
        {
            var s = m[i] + _alpha * c[i];
            for (var j = 0; j < _d; j++) s -= _alpha * a[i, j] * m[j];
            next[i] = s;
        }
    }

    private void SgdSecond(ReadOnlySpan<double> p, ReadOnlySpan<double> mx, ReadOnlySpan<double> my, Span<double> next)
    {
        var d = _d;
        var a = _p.MeanAValues;
        var c = _p.MeanCValues;
        // K = I − αĀ: first KP, then (KP)Kᵀ; kx = Kmₓ, ky = Km_y.
        Span<double> kx = stackalloc double[d];
        Span<double> ky = stackalloc double[d];
        for (var i = 0; i < d; i++)
        {
            double sx = mx[i], sy = my[i];
            for (var j = 0; j < d; j++)
            {
                sx -= _alpha * a[i, j] * mx[j];
                sy -= _alpha * a[i, j] * my[j];
            }
            kx[i] = sx;
            ky[i] = sy;
        }
        var kp = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++)
            {
                var s = p[i * d + k];
                for (var j = 0; j < d; j++) s -= _alpha * a[i, j] * p[j * d + k];
                kp[i * d + k] = s;
            }
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++)
            {
                var s = kp[i * d + k];
                for (var l = 0; l < d; l++) s -= _alpha * kp[i * d + l] * a[k, l];
                s += _alpha * (kx[i] * c[k] + c[i] * ky[k]) + _alpha * _alpha * (c[i] * c[k] + Noise(p, mx, my, i, k));
                next[i * d + k] = s;
            }
    }

    /// <summary>N(P, mₓ, m_y)ᵢₖ = Σⱼₗ E[ÃᵢⱼÃₖₗ]Pⱼₗ − Σⱼ E[Ãᵢⱼc̃ₖ]mₓⱼ − Σₗ E[Ãₖₗc̃ᵢ]m_yₗ + E[c̃ᵢc̃ₖ].</summary>
    private double Noise(ReadOnlySpan<double> p, ReadOnlySpan<double> mx, ReadOnlySpan<double> my, int i, int k)
    {
        var d = _d;
        var aa = _p.CentredAA;
        var ac = _p.CentredAC;
        var s = _p.CentredCC[i, k];
        for (var j = 0; j < d; j++)
        {
            s -= ac[i, j, k] * mx[j] + ac[k, j, i] * my[j];
            for (var l = 0; l < d; l++) s += aa[i, j, k, l] * p[j * d + l];
        }
        return s;
    }

    private static void WriteOuter(double[] u, double[] v, Span<double> destination)
    {
        for (var i = 0; i < u.Length; i++)
            for (var k = 0; k < v.Length; k++) destination[i * v.Length + k] = u[i] * v[k];
    }
}
