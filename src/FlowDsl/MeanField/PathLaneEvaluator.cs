using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// The finite sums of math.md §4.5 (r, V, s, M, JV and the cylindrical noise ΔI) for <c>TOps.Count</c> Monte Carlo
/// paths at once: one path per SIMD lane, the same n particles in every lane. Each lane computes exactly the
/// operations <see cref="MeanFieldEvaluator{TModel}"/> performs for one configuration, in the same order (the unit
/// through the same generated feature lanes <typeparamref name="TLanes"/>, the sums over particles in
/// <see cref="LaneSums"/>' fixed four-accumulator order per block of <see cref="ParticleBlocks.BlockSize"/> particles,
/// the blocks added in order, the axpys unfused), so every path's numbers are the evaluator's bits, at every width.
/// </summary>
/// <remarks>
/// Layout: coordinate c = k·d + i of a configuration is one vector <c>x[c]</c> (lane l = path l). The gradients
/// gⱼₖ of the last <see cref="ResidualsAndField"/> are kept (<c>[j·n·d + k·d + i]</c>) and reused by
/// <see cref="CorrectionTerms"/> and <see cref="NoiseIncrement"/> at the same configuration, as the evaluator's cache.
/// </remarks>
[SkipLocalsInit]
internal sealed class PathLaneEvaluator<TLanes, TOps, TVec>
    where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly double[] _atoms, _weights, _sqrtWeights, _targets;
    private readonly int _n, _d, _count, _q, _length;
    private readonly TVec[] _values, _gradients, _hessianVector, _sums, _velocity, _noiseWeights, _coefficient;

    /// <summary>Work arrays for <paramref name="particleCount"/> particles on <paramref name="data"/>.</summary>
    public PathLaneEvaluator(MeanFieldData data, int particleCount)
    {
        _atoms = data.Atoms.ToArray();
        _weights = data.Weights.ToArray();
        _sqrtWeights = data.SqrtWeights.ToArray();
        _targets = data.Targets.ToArray();
        _n = particleCount;
        _d = TLanes.Dimension;
        _count = data.Count;
        _q = data.DataDimension;
        _length = _n * _d;
        _values = new TVec[Math.Min(_n, ParticleBlocks.BlockSize)];
        _gradients = new TVec[_count * _length];
        _hessianVector = new TVec[_length];
        _sums = new TVec[_count];
        _velocity = new TVec[_count];
        _noiseWeights = new TVec[_count];
        _coefficient = new TVec[_count];
        Residual = new TVec[_count];
        Field = new TVec[_length];
        Measure = new TVec[_length];
        Spatial = new TVec[_length];
    }

    /// <summary>n·d, the vectors of one configuration.</summary>
    public int Length => _length;

    /// <summary>rⱼ of the last <see cref="ResidualsAndField"/>.</summary>
    public TVec[] Residual { get; }

    /// <summary>Vₖ of the last <see cref="ResidualsAndField"/>.</summary>
    public TVec[] Field { get; }

    /// <summary>Mₖ of the last <see cref="CorrectionTerms"/>.</summary>
    public TVec[] Measure { get; }

    /// <summary>(JV)ₖ of the last <see cref="CorrectionTerms"/>.</summary>
    public TVec[] Spatial { get; }

    /// <summary>
    /// rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ), gⱼₖ = ∇ₓΦ(θⱼ, xₖ) (kept) and Vₖ = Σⱼ (pⱼrⱼ) gⱼₖ at x
    /// (<see cref="MeanFieldEvaluator{TModel}.ComputeResidualsAndField"/>).
    /// </summary>
    public void ResidualsAndField(TVec[] x)
    {
        var n = _n;
        var d = _d;
        Unsafe.SkipInit(out LaneTile<TVec> tile);
        Unsafe.SkipInit(out LaneTile<TVec> gradient);
        for (var j = 0; j < _count; j++)
        {
            var θ = new ReadOnlySpan<double>(_atoms, j * _q, _q);
            var g = _gradients.AsSpan(j * _length, _length);
            for (var start = 0; start < n; start += ParticleBlocks.BlockSize)
            {
                var end = Math.Min(n, start + ParticleBlocks.BlockSize);
                for (var k = start; k < end; k++)
                {
                    Load(x, k, ref tile);
                    _values[k - start] = TLanes.Value<TOps, TVec>(in tile, θ);
                    TLanes.Gradient<TOps, TVec>(in tile, θ, ref gradient);
                    for (var i = 0; i < d; i++) g[k * d + i] = Unsafe.Add(ref gradient.X0, i);
                }
                var partial = Sum(_values.AsSpan(0, end - start));
                _sums[j] = start == 0 ? partial : TOps.Add(_sums[j], partial);
            }
        }
        // rⱼ = f(θⱼ) − Σⱼ/n; cⱼ = pⱼ rⱼ.
        var count = TOps.Broadcast(n);
        for (var j = 0; j < _count; j++)
        {
            Residual[j] = TOps.Sub(TOps.Broadcast(_targets[j]), TOps.Div(_sums[j], count));
            _coefficient[j] = TOps.Mul(TOps.Broadcast(_weights[j]), Residual[j]);
        }
        WeightedGradientSum(_coefficient, Field);
    }

    /// <summary>
    /// sⱼ = (1/n) Σₗ gⱼₗ·Vₗ, Mₖ = −Σⱼ pⱼ sⱼ gⱼₖ, (JV)ₖ = Σⱼ pⱼ rⱼ ∇²ₓΦ(θⱼ, xₖ)·Vₖ at the x of the last
    /// <see cref="ResidualsAndField"/> (<see cref="MeanFieldEvaluator{TModel}.ComputeCorrectionTerms"/>).
    /// </summary>
    public void CorrectionTerms(TVec[] x)
    {
        var n = _n;
        var d = _d;
        for (var j = 0; j < _count; j++)
        {
            var g = _gradients.AsSpan(j * _length, _length);
            for (var start = 0; start < n; start += ParticleBlocks.BlockSize)
            {
                var end = Math.Min(n, start + ParticleBlocks.BlockSize);
                var partial = Dot(g.Slice(start * d, (end - start) * d), Field.AsSpan(start * d, (end - start) * d));
                _sums[j] = start == 0 ? partial : TOps.Add(_sums[j], partial);
            }
        }
        var count = TOps.Broadcast(n);
        for (var j = 0; j < _count; j++) _velocity[j] = TOps.Div(_sums[j], count);

        Array.Clear(Measure);
        Array.Clear(Spatial);
        Unsafe.SkipInit(out LaneTile<TVec> tile);
        Unsafe.SkipInit(out LaneTile<TVec> along);
        Unsafe.SkipInit(out LaneTile<TVec> product);
        for (var j = 0; j < _count; j++)
        {
            var θ = new ReadOnlySpan<double>(_atoms, j * _q, _q);
            for (var k = 0; k < n; k++)
            {
                Load(x, k, ref tile);
                Load(Field, k, ref along);
                TLanes.HessianVectorProduct<TOps, TVec>(in tile, θ, in along, ref product);
                for (var i = 0; i < d; i++) _hessianVector[k * d + i] = Unsafe.Add(ref product.X0, i);
            }
            // Mₖ += (−pⱼsⱼ) gⱼₖ and (JV)ₖ += (pⱼrⱼ) ∇²Φ·Vₖ.
            var measure = TOps.Mul(TOps.Broadcast(-_weights[j]), _velocity[j]);
            var spatial = TOps.Mul(TOps.Broadcast(_weights[j]), Residual[j]);
            var g = _gradients.AsSpan(j * _length, _length);
            for (var c = 0; c < _length; c++)
            {
                Measure[c] = TOps.Add(TOps.Mul(g[c], measure), Measure[c]);
                Spatial[c] = TOps.Add(TOps.Mul(_hessianVector[c], spatial), Spatial[c]);
            }
        }
    }

    /// <summary>
    /// ΔIₖ = √h [Σⱼ wⱼ rⱼ gⱼₖ − (Σⱼ wⱼ) Vₖ], wⱼ = √pⱼ ξⱼ, at the x of the last <see cref="ResidualsAndField"/>
    /// (<see cref="MeanFieldEvaluator{TModel}.NoiseIncrement"/>); <paramref name="xi"/> holds ξⱼ per lane.
    /// </summary>
    public void NoiseIncrement(ReadOnlySpan<TVec> xi, double sqrtStep, TVec[] destination)
    {
        for (var j = 0; j < _count; j++)
        {
            _noiseWeights[j] = TOps.Mul(TOps.Broadcast(_sqrtWeights[j]), xi[j]);
            _coefficient[j] = TOps.Mul(_noiseWeights[j], Residual[j]);
        }
        var total = Negate(Sum(_noiseWeights));
        WeightedGradientSum(_coefficient, destination);
        var scale = TOps.Broadcast(sqrtStep);
        for (var c = 0; c < _length; c++)
            destination[c] = TOps.Mul(TOps.Add(TOps.Mul(Field[c], total), destination[c]), scale);
    }

    /// <summary>
    /// One particle-SGD step on atom j in every lane, as <see cref="MeanFieldEvaluator{TModel}.SgdStep"/>:
    /// rⱼ = f(θⱼ) − (1/n) Σₗ Φ(θⱼ, xₗ) (the blocks added to zero in order), then xₖ ← α rⱼ ∇ₓΦ(θⱼ, xₖ) + xₖ.
    /// </summary>
    public void SgdStep(TVec[] x, int atom, double alpha)
    {
        var n = _n;
        var d = _d;
        var θ = new ReadOnlySpan<double>(_atoms, atom * _q, _q);
        Unsafe.SkipInit(out LaneTile<TVec> tile);
        Unsafe.SkipInit(out LaneTile<TVec> gradient);
        var sum = TOps.Broadcast(0.0);
        for (var start = 0; start < n; start += ParticleBlocks.BlockSize)
        {
            var end = Math.Min(n, start + ParticleBlocks.BlockSize);
            for (var k = start; k < end; k++)
            {
                Load(x, k, ref tile);
                _values[k - start] = TLanes.Value<TOps, TVec>(in tile, θ);
            }
            sum = TOps.Add(sum, Sum(_values.AsSpan(0, end - start)));
        }
        var residual = TOps.Sub(TOps.Broadcast(_targets[atom]), TOps.Div(sum, TOps.Broadcast(n)));
        var scale = TOps.Mul(TOps.Broadcast(alpha), residual);
        for (var k = 0; k < n; k++)
        {
            Load(x, k, ref tile);
            TLanes.Gradient<TOps, TVec>(in tile, θ, ref gradient);
            for (var i = 0; i < d; i++) x[k * d + i] = TOps.Add(TOps.Mul(Unsafe.Add(ref gradient.X0, i), scale), x[k * d + i]);
        }
    }

    /// <summary>destinationₖ = Σⱼ cⱼ gⱼₖ, the atoms in order from zero; a lane whose cⱼ is 0 skips atom j (as the evaluator does).</summary>
    private void WeightedGradientSum(TVec[] coefficient, TVec[] destination)
    {
        Array.Clear(destination);
        var zero = TOps.Broadcast(0.0);
        for (var j = 0; j < _count; j++)
        {
            var c = coefficient[j];
            var skip = TOps.EqualTo(c, zero);
            var g = _gradients.AsSpan(j * _length, _length);
            for (var k = 0; k < _length; k++)
                destination[k] = TOps.Select(skip, destination[k], TOps.Add(TOps.Mul(g[k], c), destination[k]));
        }
    }

    /// <summary>−a (the sign bit flipped, as unary minus: −(+0) = −0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec Negate(TVec a) => TOps.Xor(a, TOps.BroadcastBits(0x8000_0000_0000_0000UL));

    /// <summary>Particle k of x as a tile (field i = coordinate i of every lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Load(TVec[] x, int k, ref LaneTile<TVec> tile)
    {
        for (var i = 0; i < _d; i++) Unsafe.Add(ref tile.X0, i) = x[k * _d + i];
    }

    /// <summary>Σ in <see cref="LaneSums.Sum"/>'s order: element i into accumulator i mod 4, (a₀ + a₁) + (a₂ + a₃), then the tail.</summary>
    internal static TVec Sum(ReadOnlySpan<TVec> x)
    {
        var a0 = TOps.Broadcast(0.0);
        var (a1, a2, a3) = (a0, a0, a0);
        var i = 0;
        for (; i + 4 <= x.Length; i += 4)
        {
            a0 = TOps.Add(a0, x[i]);
            a1 = TOps.Add(a1, x[i + 1]);
            a2 = TOps.Add(a2, x[i + 2]);
            a3 = TOps.Add(a3, x[i + 3]);
        }
        var sum = TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3));
        for (; i < x.Length; i++) sum = TOps.Add(sum, x[i]);
        return sum;
    }

    /// <summary>Σ aᵢbᵢ in <see cref="LaneSums.Dot"/>'s order (each product rounded).</summary>
    internal static TVec Dot(ReadOnlySpan<TVec> a, ReadOnlySpan<TVec> b)
    {
        var a0 = TOps.Broadcast(0.0);
        var (a1, a2, a3) = (a0, a0, a0);
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            a0 = TOps.Add(a0, TOps.Mul(a[i], b[i]));
            a1 = TOps.Add(a1, TOps.Mul(a[i + 1], b[i + 1]));
            a2 = TOps.Add(a2, TOps.Mul(a[i + 2], b[i + 2]));
            a3 = TOps.Add(a3, TOps.Mul(a[i + 3], b[i + 3]));
        }
        var sum = TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3));
        for (; i < a.Length; i++) sum = TOps.Add(sum, TOps.Mul(a[i], b[i]));
        return sum;
    }
}
