namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>The scalar law P(θ = <paramref name="values"/>ⱼ) = <paramref name="probabilities"/>ⱼ.</summary>
    public static CategoricalLaw Categorical(double[] values, double[] probabilities) => new(values, probabilities);
}

/// <summary>
/// A scalar law on finitely many values: P(θ = vⱼ) = pⱼ. The probabilities must be finite, ≥ 0 and sum to 1 within
/// 1e-10 (they are then rescaled to sum to 1 exactly); values may repeat.
/// </summary>
public sealed class CategoricalLaw : FiniteLaw
{
    /// <summary>P(θ = <paramref name="values"/>ⱼ) = <paramref name="probabilities"/>ⱼ.</summary>
    public CategoricalLaw(double[] values, double[] probabilities)
        : base(CheckValues(values), CheckProbabilities(probabilities, values))
    {
    }

    /// <summary>The values vⱼ (a copy).</summary>
    public double[] Values => Enumerable.Range(0, Count).Select(j => Atom(j)[0]).ToArray();

    private static double[][] CheckValues(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            throw new ArgumentException("A categorical law needs at least one value; the list is empty.", nameof(values));
        for (var j = 0; j < values.Length; j++)
            if (!double.IsFinite(values[j]))
                throw new ArgumentException($"Value {j} is {values[j]}; values must be finite.", nameof(values));
        return values.Select(v => new[] { v }).ToArray();
    }

    private static double[] CheckProbabilities(double[] probabilities, double[] values)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Normalise(probabilities, values.Length, nameof(probabilities), sumTolerance: 1e-10);
    }
}
