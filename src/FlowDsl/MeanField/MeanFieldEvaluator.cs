using System.Numerics.Tensors;

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
/// any thread count. The gradients gⱼₖ = ∇ₓΦ(θⱼ, xₖ) formed for V are kept (block by block, atom by atom, contiguous)
/// while n·N·d ≤ 2²⁰ and reused by s, M and ΔI at the same x, so a DD-SMF drift costs one Φ, one ∇Φ and one HVP per
/// pair; above that size they are recomputed in each pass (bitwise the same numbers). (JV)ₖ uses N Hessian-vector
/// products per particle, never a Hessian.</para>
/// <para><b>Vectorisation.</b> Per atom, the unit calls fill the block's Φ values, gradients or Hessian-vector products
/// contiguously. When the model has generated feature lanes (<see cref="Simd.ILaneFeatureModel{TLanes}"/>), they run
/// across the block's particles in SIMD, <c>Count</c> particles per tile at the widest accelerated width and the tail at
/// the scalar width of the same lane code, so every particle's numbers are the same bits at every width (they differ
/// from the span kernels <c>TModel.Feature…</c> by rounding only: the lanes inline their own tanh, exp, …); otherwise
/// the span kernels are called once per particle. What follows is plain linear algebra over the block, done with SIMD: the sums over
/// particles by <see cref="LaneSums"/> (a fixed four-lane order, identical bits on every SIMD width), the updates
/// Vₖ, Mₖ, (JV)ₖ, ΔIₖ and the SGD step as <c>TensorPrimitives.MultiplyAdd</c> axpys over the block (unfused, so
/// bitwise equal to the scalar loops), and the per-atom and whole-configuration vectors (rⱼ, sⱼ, drift, noise
/// weights) as element-wise <c>TensorPrimitives</c> operations.</para>
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
    private readonly double[] _noiseWeights;
    private readonly double[] _sums;
    private readonly double[] _gradients;
    private readonly double[] _hessianVectors;
    private readonly double[] _values;
    private readonly double[]? _cache;
    private readonly IUnitKernels _kernels;
    private bool _cacheValid;

    /// <summary>The largest n·N·d for which the gradients gⱼₖ of one configuration are kept (8 MB).</summary>
    internal const int DefaultGradientCacheLimit = 1 << 20;

    /// <summary>Work arrays for <paramref name="particleCount"/> particles of <typeparamref name="TModel"/> on <paramref name="data"/>.</summary>
    /// <param name="data">The atoms θⱼ, weights pⱼ and targets f(θⱼ).</param>
    /// <param name="particleCount">n ≥ 1.</param>
    /// <param name="threads">Threads over particle blocks (1: sequential). Results do not depend on it.</param>
    public MeanFieldEvaluator(MeanFieldData data, int particleCount, int threads = 1)
        : this(data, particleCount, threads, DefaultGradientCacheLimit, default)
    {
    }

    /// <summary>As the public constructor; <paramref name="gradientCacheLimit"/> is the largest n·N·d whose gradients are kept.</summary>
    internal MeanFieldEvaluator(MeanFieldData data, int particleCount, int threads, int gradientCacheLimit)
        : this(data, particleCount, threads, gradientCacheLimit, default)
    {
    }

    /// <summary>As the public constructor, with the unit kernels chosen by <paramref name="kernels"/>.</summary>
    internal MeanFieldEvaluator(MeanFieldData data, int particleCount, int threads, UnitKernelOptions kernels)
        : this(data, particleCount, threads, DefaultGradientCacheLimit, kernels)
    {
    }

    /// <summary>As the public constructor, with the gradient-cache limit and the unit kernels given.</summary>
    internal MeanFieldEvaluator(MeanFieldData data, int particleCount, int threads, int gradientCacheLimit, UnitKernelOptions kernels)
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
        _noiseWeights = new double[data.Count];
        _sums = new double[data.Count];
        _gradients = new double[particleCount * Dimension];
        _hessianVectors = new double[particleCount * Dimension];
        _values = new double[particleCount];
        if ((long)particleCount * Dimension * data.Count <= gradientCacheLimit) _cache = new double[particleCount * Dimension * data.Count];
        _field = new double[particleCount * Dimension];
        _measure = new double[particleCount * Dimension];
        _spatial = new double[particleCount * Dimension];
        _kernels = UnitKernels.Create<TModel>(particleCount, kernels);
    }

    /// <summary>n, the number of particles.</summary>
    public int ParticleCount { get; }

    /// <summary>d, the number of parameters of one unit.</summary>
    public int Dimension { get; }

    /// <summary>The data law.</summary>
    public MeanFieldData Data => _data;

    /// <summary>Threads used over particle blocks.</summary>
    public int Threads => _blocks.Threads;

    /// <summary>The lane width of the feature lanes the unit calls run on, or null when they go through the span kernels.</summary>
    internal Simd.SimdWidth? LaneWidth => _kernels.LaneWidth;

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
        _cacheValid = false;
        SumOverParticlesPerAtom(x, velocity: false);
        // rⱼ = f(θⱼ) − (Σ_b partial[b, j])/n for all atoms at once.
        SumOverBlocks(_sums);
        TensorPrimitives.Divide(_sums, ParticleCount, _sums);
        TensorPrimitives.Subtract(_data.Targets, _sums, _residual);
    }

    /// <summary>Step 2: <c>Vₖ = Σⱼ pⱼ rⱼ gⱼₖ</c>; needs <see cref="ComputeResiduals"/> at the same x.</summary>
    public void ComputeField(double[] x)
    {
        CheckConfiguration(x);
        TensorPrimitives.Multiply(_data.Weights, _residual, _coefficient);
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
        SumOverParticlesPerAtom(x, velocity: true);
        SumOverBlocks(_sums);
        TensorPrimitives.Divide(_sums, n, _velocity);
        _cacheValid = _cache is not null;

        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var weights = _data.Weights;
            var length = (end - start) * d;
            var m = _measure.AsSpan(start * d, length);
            var s = _spatial.AsSpan(start * d, length);
            var hv = _hessianVectors.AsSpan(start * d, length);
            m.Clear();
            s.Clear();
            _kernels.Prepare(x, start, end);
            _kernels.PrepareDirection(_field, start, end);
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                var g = Gradients(x, start, end, j, θ);
                _kernels.HessianVectorProducts(x, _field, start, end, θ, hv);
                // Mₖ += (−pⱼsⱼ) gⱼₖ and (JV)ₖ += (pⱼrⱼ) ∇²Φ·Vₖ for the whole block: two axpys over contiguous n_b·d numbers.
                TensorPrimitives.MultiplyAdd(g, -weights[j] * _velocity[j], m, m);
                TensorPrimitives.MultiplyAdd(hv, weights[j] * _residual[j], s, s);
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
        // bₖ = Vₖ + (−α/2)[(JV)ₖ + Mₖ], element-wise (the same rounding as the scalar formula).
        TensorPrimitives.Add(_spatial, _measure, destination);
        TensorPrimitives.MultiplyAdd(destination, -0.5 * alpha, _field, destination);
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
        // wⱼ = √pⱼ ξⱼ; ΔIₖ = √h [Σⱼ wⱼ rⱼ gⱼₖ − (Σⱼ wⱼ) Vₖ].
        TensorPrimitives.Multiply(_data.SqrtWeights, xi, _noiseWeights);
        TensorPrimitives.Multiply(_noiseWeights, _residual, _coefficient);
        var total = LaneSums.Sum(_noiseWeights);
        WeightedGradientSum(x, _coefficient, destination);
        TensorPrimitives.MultiplyAdd(_field, -total, destination, destination);
        TensorPrimitives.Multiply(destination, sqrtStep, destination);
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
            var g = _gradients.AsSpan(start * d, (end - start) * d);
            _kernels.Prepare(x, start, end);
            for (var j = 0; j < count; j++)
            {
                _kernels.Gradients(x, start, end, atoms.Slice(j * q, q), g);
                for (var k = start; k < end; k++)
                    for (var i = 0; i < d; i++)
                        destination[(k * d + i) * count + j] = sqrtWeights[j] * (_residual[j] * g[(k - start) * d + i] - _field[k * d + i]);
            }
        });
    }

    /// <summary>The residual of one atom, <c>rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ)</c>, summed in block order.</summary>
    public double ResidualOf(double[] x, int atom)
    {
        CheckConfiguration(x);
        ArgumentOutOfRangeException.ThrowIfNegative(atom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(atom, _data.Count);
        var θ = _data.Atom(atom);
        var sum = 0.0;
        for (var b = 0; b < _blocks.Count; b++)
        {
            var (start, end) = _blocks.Range(b);
            var values = _values.AsSpan(start, end - start);
            _kernels.Prepare(x, start, end);
            _kernels.Values(x, start, end, θ, values);
            sum += LaneSums.Sum(values);
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
        _cacheValid = false; // x moves: kept gradients no longer describe it
        var d = Dimension;
        var scale = alpha * r;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var g = _gradients.AsSpan(start * d, (end - start) * d);
            // ResidualOf above announced every block of this x to the unit kernels; x moves only below.
            _kernels.Gradients(x, start, end, _data.Atom(atom), g);
            var block = x.AsSpan(start * d, (end - start) * d);
            TensorPrimitives.MultiplyAdd(g, scale, block, block);
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
            var output = destination.AsSpan(start * d, (end - start) * d);
            output.Clear();
            if (!GradientsKept) _kernels.Prepare(x, start, end);
            for (var j = 0; j < count; j++)
            {
                var c = coefficient[j];
                // A zero coefficient skips the atom, unless its gradients are still to be kept for the later passes.
                if (c == 0 && (_cache is null || GradientsKept)) continue;
                var g = Gradients(x, start, end, j, atoms.Slice(j * q, q));
                if (c != 0) TensorPrimitives.MultiplyAdd(g, c, output, output);
            }
        });
        _cacheValid = _cache is not null;
    }

    /// <summary>
    /// For every atom j and particle block b: partial[b, j] = Σ_{k ∈ b} Φ(θⱼ, xₖ), or Σ_{k ∈ b} ∇ₓΦ(θⱼ, xₖ)·Vₖ when
    /// <paramref name="velocity"/>; the atom is loaded once per block, the block's Φ values (or gradients) are written
    /// contiguously and reduced by <see cref="LaneSums"/> (a fixed lane order: the same bits on every machine).
    /// <see cref="SumOverBlocks"/> then adds the blocks in order (deterministic for any thread count).
    /// </summary>
    private void SumOverParticlesPerAtom(double[] x, bool velocity)
    {
        var d = Dimension;
        var q = _data.DataDimension;
        var count = _data.Count;
        _blocks.Run(b =>
        {
            var (start, end) = _blocks.Range(b);
            var atoms = _data.Atoms;
            var partial = _partial.AsSpan(b * count, count);
            var values = _values.AsSpan(start, end - start);
            var field = _field.AsSpan(start * d, (end - start) * d);
            if (!velocity || !GradientsKept) _kernels.Prepare(x, start, end);
            for (var j = 0; j < count; j++)
            {
                var θ = atoms.Slice(j * q, q);
                if (velocity)
                {
                    partial[j] = LaneSums.Dot(Gradients(x, start, end, j, θ), field);
                }
                else
                {
                    _kernels.Values(x, start, end, θ, values);
                    partial[j] = LaneSums.Sum(values);
                }
            }
        });
    }

    /// <summary>True when the kept gradients describe the current configuration (no unit call needed for ∇Φ).</summary>
    private bool GradientsKept => _cache is not null && _cacheValid;

    /// <summary>
    /// gⱼₖ = ∇ₓΦ(θⱼ, xₖ) for the particles k of one block, contiguous (n_b×d): read from the kept gradients of x when
    /// valid, otherwise formed by the unit (into the kept slot when there is one, so the next pass can reuse them).
    /// The block must have been announced to the unit kernels (<see cref="IUnitKernels.Prepare"/>) unless they are kept.
    /// </summary>
    private Span<double> Gradients(double[] x, int start, int end, int atom, ReadOnlySpan<double> θ)
    {
        var d = Dimension;
        var length = (end - start) * d;
        var slot = _cache is null ? _gradients.AsSpan(start * d, length) : _cache.AsSpan((start * _data.Count + atom * (end - start)) * d, length);
        if (!GradientsKept) _kernels.Gradients(x, start, end, θ, slot);
        return slot;
    }

    /// <summary>destination[j] = Σ_b partial[b, j], the blocks added in order (row by row, vectorised over atoms).</summary>
    private void SumOverBlocks(Span<double> destination)
    {
        var count = _data.Count;
        _partial.AsSpan(0, count).CopyTo(destination);
        for (var b = 1; b < _blocks.Count; b++) TensorPrimitives.Add(destination, _partial.AsSpan(b * count, count), destination);
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
