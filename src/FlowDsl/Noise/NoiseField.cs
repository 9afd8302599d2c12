namespace FlowDsl.Noise;

/// <summary>
/// The diffusion of one point of an SDE, dX = a dt + Σⱼ bʲ(X) dWʲ, with columns bʲ already scaled by √(α/B).
/// The same field (same per-step randomness) is applied to every point that shares noise: this is what makes the SMF
/// reproduce the n-point motion (math.md §3.4 c). One instance per worker thread: it may hold scratch buffers.
/// </summary>
internal abstract class NoiseField
{
    protected NoiseField(int dimension, int rank)
    {
        Dimension = dimension;
        Rank = rank;
    }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>m: the number of Brownian motions driving the field.</summary>
    public int Rank { get; }

    /// <summary>Draws the randomness of solver step <paramref name="step"/> shared by the points of one noise group.</summary>
    public virtual void BeginStep(uint pathKey, uint stream, int step) { }

    /// <summary>Σⱼ bʲ(x) dWʲ into <paramref name="result"/>.</summary>
    public abstract void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result);

    /// <summary>
    /// For d = 1: <paramref name="result"/>[p] = Σⱼ bʲ(x[p]) dWʲ for every point of <paramref name="x"/>, with the increments of
    /// row p / <paramref name="pointsPerIncrement"/> of <paramref name="dW"/> (rows of <see cref="Rank"/>), bit for bit what
    /// <see cref="Apply"/> gives per point. Fields override it to run the same operations without a span round trip per point.
    /// </summary>
    public virtual void ApplyScalarBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> result)
    {
        if (Dimension != 1) throw new InvalidOperationException($"A block of scalar points needs d = 1, not d = {Dimension}.");
        for (var p = 0; p < x.Length; p++) Apply(x.Slice(p, 1), dW.Slice(p / pointsPerIncrement * Rank, Rank), result.Slice(p, 1));
    }

    /// <summary>The columns bʲ(x), column j at [j·d, (j+1)·d).</summary>
    public abstract void Columns(ReadOnlySpan<double> x, Span<double> columns);

    /// <summary>A short description for reports.</summary>
    public abstract string Description { get; }

    /// <summary>Default <see cref="Apply"/> through <see cref="Columns"/>.</summary>
    protected void ApplyByColumns(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result, Span<double> columns)
    {
        Columns(x, columns);
        var d = Dimension;
        result[..d].Clear();
        for (var j = 0; j < Rank; j++)
        {
            var w = dW[j];
            var column = columns.Slice(j * d, d);
            for (var i = 0; i < d; i++) result[i] += column[i] * w;
        }
    }
}
