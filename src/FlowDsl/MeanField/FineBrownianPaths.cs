using FlowDsl.Random;

namespace FlowDsl.MeanField;

/// <summary>
/// The fine-grid normals of a range of Monte Carlo paths, drawn once and shared by every run on that grid (each α-level,
/// each model, the h/2 rerun, the Gaussian partner), instead of redrawing the same Brownian path for each run.
/// <see cref="Draw"/> returns exactly what <see cref="BrownianIncrements.Draw"/> returns (the same sums, scale and
/// antithetic sign); paths or steps outside the stored range are drawn on the fly.
/// </summary>
internal sealed class FineBrownianPaths
{
    /// <summary>The largest store (64 MB); a larger request keeps nothing and draws on the fly.</summary>
    internal const long MaxBytes = 64L << 20;

    private readonly double[]? _normals; // [(key − firstKey)·fineSteps·N + fineStep·N + j]
    private readonly ulong _seed;
    private readonly bool _antithetic;
    private readonly uint _firstKey;
    private readonly int _keys, _fineSteps, _count;

    /// <summary>
    /// Stores the normals of paths [<paramref name="firstPath"/>, +<paramref name="paths"/>) on a grid of
    /// <paramref name="fineSteps"/> steps, N = <paramref name="count"/> per step (when they fit in <see cref="MaxBytes"/>).
    /// </summary>
    public FineBrownianPaths(ulong seed, bool antithetic, uint firstPath, int paths, int fineSteps, int count, int threads)
    {
        _seed = seed;
        _antithetic = antithetic;
        _firstKey = Key(firstPath);
        _keys = paths == 0 ? 0 : (int)(Key((uint)(firstPath + paths - 1)) - _firstKey + 1);
        _fineSteps = fineSteps;
        _count = count;
        if ((long)_keys * fineSteps * count * sizeof(double) > MaxBytes || _keys == 0) return;
        var normals = new double[_keys * fineSteps * count];
        Parallel.For(0, _keys, new ParallelOptions { MaxDegreeOfParallelism = threads }, key =>
        {
            for (var step = 0; step < fineSteps; step++)
                new CounterRng(seed, _firstKey + (uint)key, (uint)step, MeanFieldStreams.CylindricalNoise)
                    .FillNormal(normals.AsSpan((key * fineSteps + step) * count, count));
        });
        _normals = normals;
    }

    /// <summary>The seed of the draws.</summary>
    public ulong Seed => _seed;

    /// <summary>Antithetic pairs: paths 2q and 2q+1 share key q, the second with ξ ↦ −ξ.</summary>
    public bool Antithetic => _antithetic;

    /// <summary>True when the normals are stored (false: every draw is made on the fly).</summary>
    public bool Stored => _normals is not null;

    /// <summary>ξ of step <paramref name="step"/> of a run whose step holds <paramref name="subdivisions"/> fine steps.</summary>
    public void Draw(uint path, uint step, int subdivisions, Span<double> xi, Span<double> scratch)
    {
        var key = Key(path) - _firstKey;
        var first = (long)subdivisions * step;
        if (_normals is null || key >= (uint)_keys || first + subdivisions > _fineSteps)
        {
            BrownianIncrements.Draw(_seed, path, step, subdivisions, _antithetic, xi, scratch);
            return;
        }
        var row = _normals.AsSpan((int)((key * (long)_fineSteps + first) * _count), subdivisions * _count);
        if (subdivisions == 1)
        {
            row.CopyTo(xi);
        }
        else
        {
            // As BrownianIncrements.Draw: from zero, the fine increments in order, then the scale 1/√c.
            xi.Clear();
            for (var m = 0; m < subdivisions; m++)
                for (var j = 0; j < xi.Length; j++) xi[j] += row[m * _count + j];
            var scale = 1 / Math.Sqrt(subdivisions);
            for (var j = 0; j < xi.Length; j++) xi[j] *= scale;
        }
        if (_antithetic && (path & 1) == 1)
            for (var j = 0; j < xi.Length; j++) xi[j] = -xi[j];
    }

    private uint Key(uint path) => _antithetic ? path >> 1 : path;
}
