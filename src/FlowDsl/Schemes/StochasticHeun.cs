namespace FlowDsl.Schemes;

/// <summary>
/// Stochastic Heun with midpoint diffusion, "SH2" (math.md §5.2), with the same ΔW in both lines:
/// <code>
/// Ȳ = Y + a(Y)h + Σⱼ bʲ(Y)ΔWʲ        (predictor, noise included)
/// Ŷ = Y + ½a(Y)h                     (midpoint for the diffusion)
/// Y' = Y + ½[a(Ȳ) + a(Y)]h + Σⱼ bʲ(Ŷ)ΔWʲ
/// </code>
/// Weak error O(h² + α²h) for noise of size √α.
/// </summary>
internal sealed class StochasticHeun(int dimension) : SdeScheme
{
    private readonly double[] _a0 = new double[dimension], _a1 = new double[dimension], _b = new double[dimension];
    private readonly double[] _predictor = new double[dimension], _midpoint = new double[dimension];

    public override void Step(ISdeCoefficients sde, Span<double> x, double h, ReadOnlySpan<double> dW, in StepKey key)
    {
        var d = x.Length;
        sde.Drift(x, _a0);
        sde.Diffusion(x, dW, _b);
        for (var i = 0; i < d; i++)
        {
            _predictor[i] = x[i] + _a0[i] * h + _b[i];
            _midpoint[i] = x[i] + 0.5 * _a0[i] * h;
        }
        sde.Drift(_predictor, _a1);
        sde.Diffusion(_midpoint, dW, _b);
        for (var i = 0; i < d; i++) x[i] += 0.5 * (_a0[i] + _a1[i]) * h + _b[i];
    }

    private double[] _blockA0 = [], _blockA1 = [], _blockB = [], _blockPredictor = [], _blockMidpoint = [];

    /// <summary>
    /// <see cref="Step"/> for <paramref name="count"/> independent points at once: point p at [p·d, (p+1)·d) of
    /// <paramref name="points"/>, its increments at row p / <paramref name="pointsPerIncrement"/> (rows of
    /// <paramref name="rank"/>) of <paramref name="dW"/>. Each line of the scheme runs for every point before the next line,
    /// so the processor overlaps the points' dependency chains (one point's step is latency-bound); every point sees exactly
    /// the operations of <see cref="Step"/>. Needs coefficients whose calls do not depend on the calls before them (no
    /// per-step draws, no cache tied to the call order).
    /// </summary>
    public void StepBlock(ISdeCoefficients sde, Span<double> points, int count, double h, ReadOnlySpan<double> dW, int rank, int pointsPerIncrement)
    {
        var d = _a0.Length;
        var size = count * d;
        if (_blockA0.Length < size)
            (_blockA0, _blockA1, _blockB, _blockPredictor, _blockMidpoint) = (new double[size], new double[size], new double[size], new double[size], new double[size]);
        var a0 = _blockA0.AsSpan(0, size);
        var a1 = _blockA1.AsSpan(0, size);
        var b = _blockB.AsSpan(0, size);
        var predictor = _blockPredictor.AsSpan(0, size);
        var midpoint = _blockMidpoint.AsSpan(0, size);
        var x = points[..size];
        var scalar = d == 1 && ScalarBlocks ? sde as IScalarSdeCoefficients : null;
        DriftBlock(sde, scalar, x, a0, count, d);
        DiffusionBlock(sde, scalar, x, dW, rank, pointsPerIncrement, b, count, d);
        for (var k = 0; k < size; k++)
        {
            predictor[k] = x[k] + a0[k] * h + b[k];
            midpoint[k] = x[k] + 0.5 * a0[k] * h;
        }
        DriftBlock(sde, scalar, predictor, a1, count, d);
        DiffusionBlock(sde, scalar, midpoint, dW, rank, pointsPerIncrement, b, count, d);
        for (var k = 0; k < size; k++) x[k] += 0.5 * (a0[k] + a1[k]) * h + b[k];
    }

    /// <summary>a(x) for every point of the block: one call when the coefficients offer scalar blocks, else one per point.</summary>
    private static void DriftBlock(ISdeCoefficients sde, IScalarSdeCoefficients? scalar, ReadOnlySpan<double> x, Span<double> a, int count, int d)
    {
        if (scalar is not null)
        {
            scalar.DriftBlock(x, a);
            return;
        }
        for (var p = 0; p < count; p++) sde.Drift(x.Slice(p * d, d), a.Slice(p * d, d));
    }

    /// <summary>Σⱼ bʲ(x) dWʲ for every point of the block, point p with increment row p / <paramref name="pointsPerIncrement"/>.</summary>
    private static void DiffusionBlock(ISdeCoefficients sde, IScalarSdeCoefficients? scalar, ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int rank,
        int pointsPerIncrement, Span<double> b, int count, int d)
    {
        if (scalar is not null)
        {
            scalar.DiffusionBlock(x, dW, pointsPerIncrement, b);
            return;
        }
        for (var p = 0; p < count; p++) sde.Diffusion(x.Slice(p * d, d), dW.Slice(p / pointsPerIncrement * rank, rank), b.Slice(p * d, d));
    }

    /// <summary>
    /// Whether <see cref="StepBlock"/> evaluates the coefficients of a one-dimensional SDE a block at a time when they offer it
    /// (<see cref="IScalarSdeCoefficients"/>: the same bits, one call per line instead of one per point); tests turn it off to compare.
    /// </summary>
    public bool ScalarBlocks { get; init; } = true;
}
