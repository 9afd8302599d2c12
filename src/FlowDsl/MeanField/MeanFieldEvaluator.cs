namespace FlowDsl.MeanField;

/// <summary>
/// The finite sums of math.md §4.5 for n particles and the N atoms of a <see cref="MeanFieldData"/>, generic over the
/// unit <typeparamref name="TModel"/> (no virtual calls). One instance owns the work arrays of one configuration size;
/// it is not thread-safe (use one per thread), but it may itself use several threads over particle blocks.
/// </summary>
/// <remarks>
/// <para><b>Particle layout.</b> A configuration x₁..xₙ is one contiguous row-major <c>double[n·d]</c>: particle k is
/// <c>x[k·d .. (k+1)·d)</c>, in the order of <c>TModel.Layout.Parameters</c>. Every per-particle output
/// (<see cref="Field"/>, <see cref="MeasureTerm"/>, <see cref="SpatialTerm"/>, drifts, noise) has the same layout.</para>
/// <para><b>Work.</b> Each pass visits all (j, k) pairs in particle blocks of <see cref="ParticleBlocks.BlockSize"/>;
/// inside a block the atom θⱼ is loaded once for all the block's particles, and the sums over particles
/// (<c>rⱼ</c>, <c>sⱼ</c>) are formed per block and then added in block order, so the result is bitwise the same for
/// any thread count. Φ, ∇ₓΦ are recomputed in each pass instead of stored (an n×N×d array would leave the cache);
/// (JV)ₖ uses N Hessian-vector products per particle, never a Hessian.</para>
/// </remarks>
public sealed class MeanFieldEvaluator<TModel> where TModel : IMeanFieldModel
{
    private readonly MeanFieldData _data;
    private readonly ParticleBlocks _blocks;
    private readonly double[] _partial;
    private readonly double[] _residual;
    private readonly double[] _field;
    private readonly double[] _velocity;
    private readonly double[] _measure;
    private readonly double[] _spatial;
    private readonly double[] _coefficient;

    /// <summary>Work arrays for <paramref name="particleCount"/> particles of <typeparamref name="TModel"/> on <paramref name="data"/>.</summary>
    /// <param name="data">The atoms θⱼ, weights pⱼ and targets f(θⱼ).</param>
    /// <param name="particleCount">n ≥ 1.</param>
    /// <param name="threads">Threads over particle blocks (1: sequential). Results do not depend on it.</param>
    public MeanFieldEvaluator(MeanFieldData data, int particleCount, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(particleCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (data.DataDimension != TModel.Layout.DataCount)
            throw new ArgumentException($"The data have atoms of length {data.DataDimension}; {TModel.Name} expects {TModel.Layout.DataCount}.", nameof(data));
        _data = data;
        ParticleCount = particleCount;
        Dimension = TModel.Layout.ParameterCount;
        _blocks = new ParticleBlocks(particleCount, threads);
        _partial = new double[_blocks.Count * data.Count];
        _residual = new double[data.Count];
        _velocity = new double[data.Count];
        _coefficient = new double[data.Count];
        _field = new double[particleCount * Dimension];
        _measure = new double[particleCount * Dimension];
        _spatial = new double[particleCount * Dimension];
    }

    /// <summary>n, the number of particles.</summary>
    public int ParticleCount { get; }

    /// <summary>d, the number of parameters of one unit.</summary>
    public int Dimension { get; }

    /// <summary>The data law.</summary>
    public MeanFieldData Data => _data;

    /// <summary>Threads used over particle blocks.</summary>
    public int Threads => _blocks.Threads;

    /// <summary><c>rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ)</c>, from the last <see cref="ComputeResiduals"/>.</summary>
    public ReadOnlySpan<double> Residual => _residual;

    /// <summary><c>Vₖ = Σⱼ pⱼ rⱼ ∇ₓΦ(θⱼ, xₖ)</c> (n×d), from the last <see cref="ComputeField"/>.</summary>
    public ReadOnlySpan<double> Field => _field;

    /// <summary><c>sⱼ = (1/n) Σₗ ∇ₓΦ(θⱼ, xₗ)·Vₗ</c>, from the last <see cref="ComputeCorrectionTerms"/>.</summary>
    public ReadOnlySpan<double> OutputVelocity => _velocity;

    /// <summary><c>Mₖ = −Σⱼ pⱼ sⱼ ∇ₓΦ(θⱼ, xₖ)</c> (n×d), from the last <see cref="ComputeCorrectionTerms"/>.</summary>
    public ReadOnlySpan<double> MeasureTerm => _measure;

    /// <summary><c>(JV)ₖ = Σⱼ pⱼ rⱼ ∇²ₓΦ(θⱼ, xₖ)·Vₖ</c> (n×d), from the last <see cref="ComputeCorrectionTerms"/>.</summary>
    public ReadOnlySpan<double> SpatialTerm => _spatial;

    /// <summary>Steps 0–1: <c>rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ)</c> for every atom.</summary>
    public void ComputeResiduals(double[] x)
    {
        CheckConfiguration(x);
        var n = ParticleCount;
        var d = Dimension;
        var q = _data.DataDimension;
        var count = _data.Count;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var partial = _partial.AsSpan(b * count, count);
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                var sum = 0.0;
                for (var k = start; k < end; k++) sum += TModel.Feature(x.AsSpan(k * d, d), θ);
                partial[j] = sum;
            }
        });
        var targets = _data.Targets;
        for (var j = 0; j < count; j++) _residual[j] = targets[j] - SumOverBlocks(j) / n;
    }

    /// <summary>Step 2: <c>Vₖ = Σⱼ pⱼ rⱼ gⱼₖ</c>; needs <see cref="ComputeResiduals"/> at the same x.</summary>
    public void ComputeField(double[] x)
    {
        CheckConfiguration(x);
        var weights = _data.Weights;
        for (var j = 0; j < _data.Count; j++) _coefficient[j] = weights[j] * _residual[j];
        WeightedGradientSum(x, _coefficient, _field);
    }

    /// <summary>Steps 0–2 at x: residuals, then the field V.</summary>
    public void ComputeResidualsAndField(double[] x)
    {
        ComputeResiduals(x);
        ComputeField(x);
    }

    /// <summary>
    /// Steps 3–5: <c>sⱼ = (1/n) Σₗ gⱼₗ·Vₗ</c>, <c>Mₖ = −Σⱼ pⱼ sⱼ gⱼₖ</c> (the l = k term included) and
    /// <c>(JV)ₖ = Σⱼ pⱼ rⱼ ∇²ₓΦ(θⱼ,xₖ)·Vₖ</c>; needs <see cref="ComputeResidualsAndField"/> at the same x.
    /// </summary>
    public void ComputeCorrectionTerms(double[] x)
    {
        CheckConfiguration(x);
        var n = ParticleCount;
        var d = Dimension;
        var q = _data.DataDimension;
        var count = _data.Count;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var partial = _partial.AsSpan(b * count, count);
            Span<double> g = stackalloc double[d];
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                var sum = 0.0;
                for (var k = start; k < end; k++)
                {
                    TModel.FeatureGradient(x.AsSpan(k * d, d), θ, g);
                    sum += Dot(g, _field.AsSpan(k * d, d));
                }
                partial[j] = sum;
            }
        });
        for (var j = 0; j < count; j++) _velocity[j] = SumOverBlocks(j) / n;

        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var weights = _data.Weights;
            Span<double> g = stackalloc double[d];
            Span<double> hv = stackalloc double[d];
            _measure.AsSpan(start * d, (end - start) * d).Clear();
            _spatial.AsSpan(start * d, (end - start) * d).Clear();
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                var measureWeight = -weights[j] * _velocity[j];
                var spatialWeight = weights[j] * _residual[j];
                for (var k = start; k < end; k++)
                {
                    var xk = x.AsSpan(k * d, d);
                    TModel.FeatureGradient(xk, θ, g);
                    TModel.FeatureHessianVectorProduct(xk, θ, _field.AsSpan(k * d, d), hv);
                    var m = _measure.AsSpan(k * d, d);
                    var s = _spatial.AsSpan(k * d, d);
                    for (var i = 0; i < d; i++)
                    {
                        m[i] += measureWeight * g[i];
                        s[i] += spatialWeight * hv[i];
                    }
                }
            }
        });
    }

    /// <summary>
    /// The drift at x into <paramref name="destination"/> (n×d): <c>Vₖ</c> when <paramref name="corrected"/> is false
    /// (M0, M1, M2), otherwise the DD-SMF drift <c>bₖ = Vₖ − (α/2)[(JV)ₖ + Mₖ]</c> (M3, step 6).
    /// Leaves r, V (and s, M, JV) of x in this evaluator.
    /// </summary>
    public void Drift(double[] x, double alpha, bool corrected, Span<double> destination)
    {
        CheckOutput(destination);
        ComputeResidualsAndField(x);
        if (!corrected)
        {
            _field.CopyTo(destination);
            return;
        }
        ComputeCorrectionTerms(x);
        var half = 0.5 * alpha;
        for (var i = 0; i < destination.Length; i++) destination[i] = _field[i] - half * (_spatial[i] + _measure[i]);
    }

    /// <summary>
    /// The cylindrical noise increment <c>ΔIₖ = Σⱼ √pⱼ Gⱼₖ √h ξⱼ</c> with <c>Gⱼₖ = rⱼ gⱼₖ − Vₖ</c>, the SAME ξ for all
    /// particles (math.md §3.4 a, §4.5), into <paramref name="destination"/> (n×d). Uses r and V from the last
    /// <see cref="ComputeResidualsAndField"/>, which must have been at the same x.
    /// </summary>
    /// <param name="x">The configuration at which r and V were formed.</param>
    /// <param name="xi">ξⱼ ~ N(0,1), one per atom.</param>
    /// <param name="sqrtStep">√h.</param>
    /// <param name="destination">ΔI, n×d.</param>
    public void NoiseIncrement(double[] x, ReadOnlySpan<double> xi, double sqrtStep, double[] destination)
    {
        CheckConfiguration(x);
        CheckOutput(destination);
        if (xi.Length != _data.Count)
            throw new ArgumentException($"One ξ per atom is needed: {_data.Count}, got {xi.Length}.", nameof(xi));
        var sqrtWeights = _data.SqrtWeights;
        var total = 0.0;
        for (var j = 0; j < _data.Count; j++)
        {
            var w = sqrtWeights[j] * xi[j];
            _coefficient[j] = w * _residual[j];
            total += w;
        }
        WeightedGradientSum(x, _coefficient, destination);
        for (var i = 0; i < destination.Length; i++) destination[i] = sqrtStep * (destination[i] - total * _field[i]);
    }

    /// <summary>
    /// The noise factor as a dense (n·d)×N matrix, row-major: entry ((k·d+i), j) is <c>√pⱼ (Gⱼₖ)ᵢ</c> with
    /// <c>Gⱼₖ = rⱼ gⱼₖ − Vₖ</c>, so that <c>Σ = F Fᵀ</c> is the dn×dn covariance <c>[Σ(xₖ,xₗ;νⁿ)]ₖₗ</c> of M1.
    /// Uses r and V from the last <see cref="ComputeResidualsAndField"/> at the same x.
    /// </summary>
    public void NoiseFactor(double[] x, double[] destination)
    {
        CheckConfiguration(x);
        ArgumentNullException.ThrowIfNull(destination);
        var count = _data.Count;
        var d = Dimension;
        var q = _data.DataDimension;
        if (destination.Length != ParticleCount * d * count)
            throw new ArgumentException($"The noise factor is (n·d)×N = {ParticleCount * d}×{count}; got {destination.Length} numbers.", nameof(destination));
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var sqrtWeights = _data.SqrtWeights;
            Span<double> g = stackalloc double[d];
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                for (var k = start; k < end; k++)
                {
                    TModel.FeatureGradient(x.AsSpan(k * d, d), θ, g);
                    for (var i = 0; i < d; i++)
                        destination[(k * d + i) * count + j] = sqrtWeights[j] * (_residual[j] * g[i] - _field[k * d + i]);
                }
            }
        });
    }

    /// <summary>The residual of one atom, <c>rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ)</c>, summed in block order.</summary>
    public double ResidualOf(double[] x, int atom)
    {
        CheckConfiguration(x);
        ArgumentOutOfRangeException.ThrowIfNegative(atom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(atom, _data.Count);
        var d = Dimension;
        var θ = _data.Atom(atom);
        var sum = 0.0;
        for (var b = 0; b < _blocks.Count; b++)
        {
            var (start, end) = _blocks.Range(b);
            var block = 0.0;
            for (var k = start; k < end; k++) block += TModel.Feature(x.AsSpan(k * d, d), θ);
            sum += block;
        }
        return _data.Targets[atom] - sum / ParticleCount;
    }

    /// <summary>
    /// One particle-SGD step on atom j with the mean-field learning-rate convention of math.md §4.2:
    /// <c>xₖ += α rⱼ ∇ₓΦ(θⱼ, xₖ)</c> for all k, with rⱼ formed before any particle moves.
    /// </summary>
    public void SgdStep(double[] x, int atom, double alpha)
    {
        var r = ResidualOf(x, atom);
        var d = Dimension;
        var scale = alpha * r;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var θ = _data.Atom(atom);
            Span<double> g = stackalloc double[d];
            for (var k = start; k < end; k++)
            {
                var xk = x.AsSpan(k * d, d);
                TModel.FeatureGradient(xk, θ, g);
                for (var i = 0; i < d; i++) xk[i] += scale * g[i];
            }
        });
    }

    /// <summary>The risk <c>𝓔(νⁿ) = ½ Σⱼ pⱼ rⱼ²</c> from the last <see cref="ComputeResiduals"/>.</summary>
    public double RiskFromResiduals()
    {
        var weights = _data.Weights;
        var sum = 0.0;
        for (var j = 0; j < _data.Count; j++) sum += weights[j] * _residual[j] * _residual[j];
        return 0.5 * sum;
    }

    /// <summary>destination_k = Σⱼ cⱼ ∇ₓΦ(θⱼ, xₖ) for every particle k.</summary>
    private void WeightedGradientSum(double[] x, double[] coefficient, double[] destination)
    {
        var d = Dimension;
        var q = _data.DataDimension;
        var count = _data.Count;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            Span<double> g = stackalloc double[d];
            var output = destination.AsSpan(start * d, (end - start) * d);
            output.Clear();
            for (var j = 0; j < count; j++)
            {
                var c = coefficient[j];
                if (c == 0) continue;
                var θ = atoms.Slice(j * q, q);
                for (var k = start; k < end; k++)
                {
                    TModel.FeatureGradient(x.AsSpan(k * d, d), θ, g);
                    var o = destination.AsSpan(k * d, d);
                    for (var i = 0; i < d; i++) o[i] += c * g[i];
                }
            }
        });
    }

    private double SumOverBlocks(int atom)
    {
        var sum = 0.0;
        for (var b = 0; b < _blocks.Count; b++) sum += _partial[b * _data.Count + atom];
        return sum;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private void CheckConfiguration(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != ParticleCount * Dimension)
            throw new ArgumentException($"{TModel.Name}: a configuration of {ParticleCount} particles of dimension {Dimension} has {ParticleCount * Dimension} numbers, got {x.Length}.", nameof(x));
    }

    private void CheckOutput(ReadOnlySpan<double> destination)
    {
        if (destination.Length != ParticleCount * Dimension)
            throw new ArgumentException($"{TModel.Name}: the output must have n×d = {ParticleCount * Dimension} numbers, got {destination.Length}.", nameof(destination));
    }
}
