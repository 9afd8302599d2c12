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

    public MinibatchSgd(DataRows data, int batch)
    {
        _data = data;
        _batch = batch;
        _g = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
        _sum = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
        _indices = new int[batch];
    }

    /// <summary>Draws the batch of one step from <paramref name="rng"/>.</summary>
    public void DrawBatch(ref CounterRng rng)
    {
        for (var b = 0; b < _batch; b++) _indices[b] = Math.Min((int)(rng.NextUniform() * _data.Count), _data.Count - 1);
    }

    /// <summary>One step of <paramref name="x"/> with the batch drawn last.</summary>
    public void Step(Span<double> x, double alpha)
    {
        _sum.AsSpan().Clear();
        foreach (var j in _indices)
        {
            TModel.Gradient(x, _data.Row(j), _g);
            TensorPrimitives.Add(_sum, _g, _sum);
        }
        TensorPrimitives.MultiplyAdd(_sum, -alpha / _batch, x, x);
    }
}
