using System.Numerics.Tensors;
using FlowDsl.Random;

namespace FlowDsl.Network;

/// <summary>
/// Minibatch SGD on the empirical law (math.md §1.1): x ← x − α(1/B)Σ_b ∇R(x,θ_{i_b}), the indices i_b drawn i.i.d.
/// uniformly from the N atoms (with replacement), the same batch for every starting point of a path (the n-point motion,
/// §1.2). Its gradient noise has covariance Σ/B, the Σ/B of the continuous models.
/// </summary>
internal sealed class MinibatchSgd<TModel> where TModel : IRiskModel
{
    private readonly DataRows _data;
    private readonly int _batch;
    private readonly double[] _g, _sum;
    private readonly int[] _indices;
    private readonly List<(int Atom, int Count)> _counts = [];

    public MinibatchSgd(DataRows data, int batch)
    {
        _data = data;
        _batch = batch;
        _g = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
        _sum = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
        _indices = new int[batch];
    }

    /// <summary>Draws the batch of one step from <paramref name="rng"/> (i.i.d. uniform indices).</summary>
    public void DrawBatch(ref CounterRng rng)
    {
        for (var b = 0; b < _batch; b++) _indices[b] = Math.Min((int)(rng.NextUniform() * _data.Count), _data.Count - 1);
        _counts.Clear();
        Array.Sort(_indices);
        foreach (var j in _indices)
            if (_counts.Count > 0 && _counts[^1].Atom == j) _counts[^1] = (j, _counts[^1].Count + 1);
            else _counts.Add((j, 1));
    }

    /// <summary>Draws the batch of one step as multinomial counts driven by the standard normals <paramref name="xi"/> (one per atom).</summary>
    public void DrawCoupled(ReadOnlySpan<double> xi)
    {
        _counts.Clear();
        var remaining = _batch;
        for (var j = 0; j < _data.Count && remaining > 0; j++)
        {
            var c = BinomialQuantile(remaining, 1.0 / (_data.Count - j), StandardNormal.Cdf(xi[j]));
            if (c > 0) _counts.Add((j, c));
            remaining -= c;
        }
    }

    /// <summary>The B draws of the last batch as (atom, count) pairs (for tests).</summary>
    internal IReadOnlyList<(int Atom, int Count)> Counts => _counts;

    /// <summary>The smallest k with P(Binomial(n, p) ≤ k) ≥ u.</summary>
    internal static int BinomialQuantile(int n, double p, double u)
    {
        if (p >= 1) return n;
        // The pmf in log space, so that no term underflows to a silent 0 for large n.
        var logPmf = n * double.LogP1(-p);
        var logRatio = Math.Log(p) - double.LogP1(-p);
        var cdf = Math.Exp(logPmf);
        var k = 0;
        while (cdf < u && k < n)
        {
            logPmf += Math.Log((n - k) / (k + 1.0)) + logRatio;
            k++;
            cdf += Math.Exp(logPmf);
        }
        return k;
    }

    /// <summary>One step of <paramref name="x"/> with the batch drawn last.</summary>
    public void Step(Span<double> x, double alpha)
    {
        _sum.AsSpan().Clear();
        foreach (var (j, count) in _counts)
        {
            TModel.Gradient(x, _data.Row(j), _g);
            TensorPrimitives.MultiplyAdd(_g, count, _sum, _sum);
        }
        TensorPrimitives.MultiplyAdd(_sum, -alpha / _batch, x, x);
    }
}
