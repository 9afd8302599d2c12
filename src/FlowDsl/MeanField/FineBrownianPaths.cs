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
        var (ops, _) = PathLaneEnsemble.LaneTypes(Simd.SimdWidth.Auto);
        var width = ops == typeof(Simd.V512Ops) ? 8 : ops == typeof(Simd.V256Ops) ? 4 : 1;
        var groups = (_keys + width - 1) / width;
        // Keys in SIMD lane groups (the same bits as one CounterRng per key and step), the last keys one at a time.
        Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = threads }, group =>
        {
            var key = group * width;
            if (key + width > _keys) FillKeys<Simd.ScalarOps, double>(seed, key, _keys - key, normals);
            else if (width == 8) FillKeys<Simd.V512Ops, System.Runtime.Intrinsics.Vector512<double>>(seed, key, 1, normals);
            else if (width == 4) FillKeys<Simd.V256Ops, System.Runtime.Intrinsics.Vector256<double>>(seed, key, 1, normals);
            else FillKeys<Simd.ScalarOps, double>(seed, key, 1, normals);
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

    /// <summary>The normals of <paramref name="groups"/> groups of TOps.Count keys from key index <paramref name="first"/>.</summary>
    private void FillKeys<TOps, TVec>(ulong seed, int first, int groups, double[] normals) where TOps : Simd.ISimdOps<TVec> where TVec : struct
    {
        var schedule = PhiloxLanes.Keys<TVec>.Create<TOps>((uint)seed, (uint)(seed >> 32));
        Span<TVec> lanes = new TVec[_count];
        Span<double> lane = stackalloc double[TOps.Count];
        for (var g = 0; g < groups; g++)
        {
            var key = first + g * TOps.Count;
            var keys = TOps.IotaBits(_firstKey + (ulong)key);
            for (var step = 0; step < _fineSteps; step++)
            {
                PathLaneNormals.Fill<TOps, TVec>(in schedule, keys, (uint)step, MeanFieldStreams.CylindricalNoise, lanes);
                for (var j = 0; j < _count; j++)
                {
                    TOps.Store(lanes[j], ref lane[0]);
                    for (var l = 0; l < TOps.Count; l++) normals[((key + l) * _fineSteps + step) * _count + j] = lane[l];
                }
            }
        }
    }

    private uint Key(uint path) => _antithetic ? path >> 1 : path;
}
