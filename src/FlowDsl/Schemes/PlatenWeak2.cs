using FlowDsl.Random;

namespace FlowDsl.Schemes;

/// <summary>
/// Platen's explicit weak order-2 scheme for multi-dimensional noise (Kloeden–Platen 15.1.5, math.md §5.3), with
/// Gaussian ΔW and the two-point variables V_{j1,j2} (±h for j2 &lt; j1, V_{jj} = −h, antisymmetric), drawn per step and
/// shared by the points of a noise group:
/// <code>
/// Ῡ = Y + ah + Σⱼ bʲΔWʲ,   R̄ʲ± = Y + ah ± bʲ√h,   Ūʳ± = Y ± bʳ√h
/// Y' = Y + ½[a(Ῡ) + a]h
///    + Σⱼ { ¼[bʲ(R̄ʲ+) + bʲ(R̄ʲ−) + 2bʲ]ΔWʲ + ¼[bʲ(R̄ʲ+) − bʲ(R̄ʲ−)]((ΔWʲ)² − h)/√h }
///    + Σⱼ Σ_{r≠j} { ¼[bʲ(Ūʳ+) + bʲ(Ūʳ−) − 2bʲ]ΔWʲ + ¼[bʲ(Ūʳ+) − bʲ(Ūʳ−)](ΔWʲΔWʳ + V_{r,j})/√h }
/// </code>
/// Cost O(m²) column evaluations: for small m.
/// </summary>
internal sealed class PlatenWeak2 : SdeScheme
{
    private readonly int _d, _m;
    private readonly double[] _a, _aBar, _point, _b, _bPlus, _bMinus, _v, _update;

    public PlatenWeak2(int dimension, int rank)
    {
        _d = dimension;
        _m = rank;
        _a = new double[dimension];
        _aBar = new double[dimension];
        _point = new double[dimension];
        _update = new double[dimension];
        _b = new double[dimension * Math.Max(rank, 1)];
        _bPlus = new double[dimension * Math.Max(rank, 1)];
        _bMinus = new double[dimension * Math.Max(rank, 1)];
        _v = new double[Math.Max(rank, 1) * Math.Max(rank, 1)];
    }

    public override void Step(ISdeCoefficients sde, Span<double> x, double h, ReadOnlySpan<double> dW, in StepKey key)
    {
        int d = _d, m = _m;
        var sqrtH = Math.Sqrt(h);
        sde.Drift(x, _a);
        sde.Columns(x, _b);
        DrawV(key, h);

        // Ῡ and the drift part.
        for (var i = 0; i < d; i++)
        {
            var sum = x[i] + _a[i] * h;
            for (var j = 0; j < m; j++) sum += _b[j * d + i] * dW[j];
            _point[i] = sum;
        }
        sde.Drift(_point, _aBar);
        for (var i = 0; i < d; i++) _update[i] = 0.5 * (_aBar[i] + _a[i]) * h;

        for (var j = 0; j < m; j++)
        {
            // R̄ʲ± = Y + ah ± bʲ√h.
            Shift(sde, x, j, sqrtH, h, _bPlus);
            Shift(sde, x, j, -sqrtH, h, _bMinus);
            var w = dW[j];
            var q = (w * w - h) / sqrtH;
            for (var i = 0; i < d; i++)
            {
                var bp = _bPlus[j * d + i];
                var bm = _bMinus[j * d + i];
                _update[i] += 0.25 * (bp + bm + 2 * _b[j * d + i]) * w + 0.25 * (bp - bm) * q;
            }
        }

        for (var r = 0; r < m; r++)
        {
            // Ūʳ± = Y ± bʳ√h (no drift); all columns j ≠ r are read there.
            Shift(sde, x, r, sqrtH, 0, _bPlus);
            Shift(sde, x, r, -sqrtH, 0, _bMinus);
            for (var j = 0; j < m; j++)
            {
                if (j == r) continue;
                var w = dW[j];
                var q = (w * dW[r] + _v[r * m + j]) / sqrtH;
                for (var i = 0; i < d; i++)
                {
                    var bp = _bPlus[j * d + i];
                    var bm = _bMinus[j * d + i];
                    _update[i] += 0.25 * (bp + bm - 2 * _b[j * d + i]) * w + 0.25 * (bp - bm) * q;
                }
            }
        }
        for (var i = 0; i < d; i++) x[i] += _update[i];
    }

    /// <summary>The columns at Y + a·h + offset·b^{column} (h = 0 for Ū), written into <paramref name="columns"/>.</summary>
    private void Shift(ISdeCoefficients sde, ReadOnlySpan<double> x, int column, double offset, double h, Span<double> columns)
    {
        for (var i = 0; i < _d; i++) _point[i] = x[i] + _a[i] * h + _b[column * _d + i] * offset;
        sde.Columns(_point, columns);
    }

    private void DrawV(in StepKey key, double h)
    {
        var m = _m;
        var rng = new CounterRng(key.Seed, key.PathKey, (uint)key.Step, RandomStreams.Platen + key.Stream);
        for (var j1 = 0; j1 < m; j1++)
        {
            _v[j1 * m + j1] = -h;
            for (var j2 = 0; j2 < j1; j2++)
            {
                var v = rng.NextUniform() < 0.5 ? -h : h;
                _v[j1 * m + j2] = v;
                _v[j2 * m + j1] = -v;
            }
        }
    }
}
