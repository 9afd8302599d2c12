using System.Numerics.Tensors;

namespace FlowDsl.Network;

/// <summary>
/// The mean-risk quantities of the empirical law at one point x, by streaming over the atoms with the model's generated
/// per-sample kernels — never a d×d matrix, never a per-atom gradient table:
/// <code>
/// ∇R(x) = (1/N)Σⱼ ∇R(x,θⱼ)                                   (math.md §0.1)
/// ∇²R(x)v = (1/N)Σⱼ ∇²R(x,θⱼ)v                               (the generated HessianVectorProduct)
/// Σⱼ ΔWⱼ G(x,θⱼ) = (Σⱼ ΔWⱼ)∇R(x) − Σⱼ ΔWⱼ ∇R(x,θⱼ),   G = ∇R − ∇R(·,θ)   (the factor form of math.md §3.4 a)
/// </code>
/// One instance per worker thread: it owns its O(d) scratch (<see cref="Vectors"/> vectors of length d).
/// </summary>
internal sealed class MeanRiskSweep<TModel> where TModel : IRiskModel
{
    /// <summary>Length-d scratch vectors one sweep owns.</summary>
    public const int Vectors = 2;

    private readonly DataRows _data;
    private readonly double[] _g, _weighted;

    public MeanRiskSweep(DataRows data)
    {
        _data = data;
        _g = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
        _weighted = NetworkBuffers.Vector(TModel.Layout.ParameterCount);
    }

    /// <summary>∇R(x) into <paramref name="mean"/>.</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> mean)
    {
        mean.Clear();
        for (var j = 0; j < _data.Count; j++)
        {
            TModel.Gradient(x, _data.Row(j), _g);
            TensorPrimitives.Add(mean, _g, mean);
        }
        TensorPrimitives.Multiply(mean, 1.0 / _data.Count, mean);
    }

    /// <summary>
    /// ∇R(x) into <paramref name="mean"/> and, in the same sweep, <paramref name="scale"/>·Σⱼ ΔWⱼ G(x,θⱼ) into
    /// <paramref name="noise"/> (<paramref name="increments"/> = ΔWⱼ, one per atom).
    /// </summary>
    public void GradientAndNoise(ReadOnlySpan<double> x, ReadOnlySpan<double> increments, double scale, Span<double> mean, Span<double> noise)
    {
        mean.Clear();
        _weighted.AsSpan().Clear();
        var sum = 0.0;
        for (var j = 0; j < _data.Count; j++)
        {
            TModel.Gradient(x, _data.Row(j), _g);
            TensorPrimitives.Add(mean, _g, mean);
            TensorPrimitives.MultiplyAdd(_g, increments[j], _weighted, _weighted);
            sum += increments[j];
        }
        TensorPrimitives.Multiply(mean, 1.0 / _data.Count, mean);
        // scale·[(ΣΔW)∇R − ΣΔWⱼ∇R(x,θⱼ)]
        TensorPrimitives.Multiply(mean, sum, noise);
        TensorPrimitives.Subtract(noise, _weighted, noise);
        TensorPrimitives.Multiply(noise, scale, noise);
    }

    /// <summary>∇²R(x)v into <paramref name="result"/>.</summary>
    public void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        result.Clear();
        for (var j = 0; j < _data.Count; j++)
        {
            TModel.HessianVectorProduct(x, _data.Row(j), v, _g);
            TensorPrimitives.Add(result, _g, result);
        }
        TensorPrimitives.Multiply(result, 1.0 / _data.Count, result);
    }
}
