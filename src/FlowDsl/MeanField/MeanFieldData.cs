using FlowDsl.Random;

namespace FlowDsl.MeanField;

/// <summary>
/// The data law P as the atoms of the finite sums in math.md §4.5: <c>P = Σⱼ pⱼ δ_{θⱼ}</c>, j = 1..N, with the
/// targets <c>f(θⱼ)</c> evaluated once.
/// </summary>
/// <remarks>
/// <para>Layout: the atoms are one contiguous row-major N×q array (atom j at <c>[j·q, (j+1)·q)</c>).</para>
/// <para>A finitely supported or empirical P (a data set, <see cref="Law.Support"/>) is used exactly. A continuous P is
/// represented by a fixed sample of N i.i.d. draws with weights 1/N (<see cref="FromSample{TModel}"/>), drawn once
/// from <see cref="CounterRng"/>: all models (particle SGD included) then see the same empirical P, i.e. the fixed
/// sample plays the role of the training set, and every formula of §4.5 is exact for it.</para>
/// </remarks>
public sealed class MeanFieldData
{
    private readonly double[] _atoms;
    private readonly double[] _weights;
    private readonly double[] _sqrtWeights;
    private readonly double[] _targets;
    private readonly double[] _cumulative;

    private MeanFieldData(double[] atoms, double[] weights, double[] targets, int dimension)
    {
        _atoms = atoms;
        _weights = weights;
        _targets = targets;
        DataDimension = dimension;
        _sqrtWeights = weights.Select(Math.Sqrt).ToArray();
        _cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var j = 0; j < weights.Length; j++)
        {
            sum += weights[j];
            _cumulative[j] = sum;
        }
    }

    /// <summary>N: the number of atoms θⱼ.</summary>
    public int Count => _weights.Length;

    /// <summary>q: the length of one atom θⱼ.</summary>
    public int DataDimension { get; }

    /// <summary>The atoms, row-major N×q.</summary>
    public ReadOnlySpan<double> Atoms => _atoms;

    /// <summary>The weights pⱼ (summing to 1).</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>√pⱼ, the factors of the cylindrical noise (math.md §3.4 a).</summary>
    public ReadOnlySpan<double> SqrtWeights => _sqrtWeights;

    /// <summary>The targets f(θⱼ).</summary>
    public ReadOnlySpan<double> Targets => _targets;

    /// <summary>Atom θⱼ.</summary>
    public ReadOnlySpan<double> Atom(int j) => _atoms.AsSpan(j * DataDimension, DataDimension);

    /// <summary>The atom index j with <c>Σ_{i&lt;j} pᵢ ≤ u &lt; Σ_{i≤j} pᵢ</c>: a draw j ~ p from one uniform u ∈ (0,1).</summary>
    public int IndexOf(double u)
    {
        var index = Array.BinarySearch(_cumulative, u);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, Count - 1);
    }

    /// <summary>
    /// The data for <typeparamref name="TModel"/> from explicit atoms (row-major N×q, q = the model's data length)
    /// and weights pⱼ ≥ 0 summing to 1 (within 1e-12). Targets come from <c>TModel.Target</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not match the model's layout, a weight is negative, or the weights do not sum to 1.</exception>
    public static MeanFieldData FromAtoms<TModel>(double[] atoms, double[] weights) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(atoms);
        ArgumentNullException.ThrowIfNull(weights);
        var q = TModel.Layout.DataCount;
        if (weights.Length == 0)
            throw new ArgumentException("A mean-field data law needs at least one atom.", nameof(weights));
        if (atoms.Length != weights.Length * q)
            throw new ArgumentException($"{TModel.Name} has data length {q}; {weights.Length} atoms need {weights.Length * q} numbers, got {atoms.Length}.", nameof(atoms));
        var total = 0.0;
        for (var j = 0; j < weights.Length; j++)
        {
            if (!(weights[j] >= 0) || !double.IsFinite(weights[j]))
                throw new ArgumentException($"Weight p[{j}] = {weights[j]} must be a finite number ≥ 0.", nameof(weights));
            total += weights[j];
        }
        if (Math.Abs(total - 1) > 1e-12)
            throw new ArgumentException($"The weights sum to {total:R}; expected 1.", nameof(weights));
        foreach (var v in atoms)
            if (!double.IsFinite(v)) throw new ArgumentException("An atom has a non-finite coordinate.", nameof(atoms));
        var targets = new double[weights.Length];
        for (var j = 0; j < weights.Length; j++) targets[j] = TModel.Target(atoms.AsSpan(j * q, q));
        return new MeanFieldData((double[])atoms.Clone(), (double[])weights.Clone(), targets, q);
    }

    /// <summary>The data for <typeparamref name="TModel"/> from a quadrature rule (for example <see cref="Law.Support"/>).</summary>
    public static MeanFieldData FromQuadrature<TModel>(Quadrature quadrature) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(quadrature);
        var q = TModel.Layout.DataCount;
        var atoms = new double[quadrature.Count * q];
        for (var j = 0; j < quadrature.Count; j++)
        {
            if (quadrature.Nodes[j].Length != q)
                throw new ArgumentException($"Node {j} has length {quadrature.Nodes[j].Length}; {TModel.Name} expects data of length {q}.", nameof(quadrature));
            quadrature.Nodes[j].CopyTo(atoms, j * q);
        }
        return FromAtoms<TModel>(atoms, quadrature.Weights);
    }

    /// <summary>
    /// A continuous P through a fixed sample: <paramref name="size"/> i.i.d. draws θⱼ ~ <paramref name="law"/>
    /// (stream (seed, path 0, step j, stream 0) of <see cref="CounterRng"/>), each with weight 1/N.
    /// </summary>
    public static MeanFieldData FromSample<TModel>(Law law, int size, ulong seed) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var q = TModel.Layout.DataCount;
        if (law.Dimension != q)
            throw new ArgumentException($"The law has dimension {law.Dimension}; {TModel.Name} expects data of length {q}.", nameof(law));
        var atoms = new double[size * q];
        for (var j = 0; j < size; j++)
        {
            var rng = new CounterRng(seed, 0, (uint)j, 0);
            law.Sample(ref rng, atoms.AsSpan(j * q, q));
        }
        var weights = new double[size];
        Array.Fill(weights, 1.0 / size);
        return FromAtoms<TModel>(atoms, weights);
    }

    /// <summary>
    /// The data for <typeparamref name="TModel"/>'s declared law (or <paramref name="law"/>): its <see cref="Law.Support"/>
    /// when finitely supported, otherwise a fixed sample of <paramref name="sampleSize"/> draws.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model declares no law and none is given.</exception>
    public static MeanFieldData For<TModel>(Law? law = null, int sampleSize = 1024, ulong seed = 0) where TModel : IMeanFieldModel
    {
        law ??= TModel.DefaultLaw ?? throw new InvalidOperationException($"{TModel.Name} declares no [Law]; pass one.");
        return law.Support is { } support ? FromQuadrature<TModel>(support) : FromSample<TModel>(law, sampleSize, seed);
    }
}
