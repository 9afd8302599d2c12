using FlowDsl.Random;

namespace FlowDsl.Simd;

/// <summary>
/// n-point SGD on an ensemble with a generated lane step (<c>Model.SgdLaneStep</c>): one θᵢ ~ P per step, shared by all
/// particles (math.md §1.2), drawn from <see cref="CounterRng"/>(seed, path, step, 0), so the result depends only on the
/// seed and path, never on the width, tiling or thread count.
/// </summary>
public static class FusedSgd
{
    /// <summary>Advances the SoA <paramref name="state"/> (coordinate i of particle p at <c>i·n + p</c>) by <paramref name="steps"/> SGD steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite, or a count is negative.</exception>
    /// <exception cref="ArgumentException">The law's dimension is not the step's input length, or the state's length is not d·n.</exception>
    /// <exception cref="ArithmeticException">A particle became NaN or infinite (the message names it and the steps).</exception>
    public static void Run<TStep>(Span<double> state, int particles, Law law, double α, int steps, ulong seed, uint path = 0,
        FusedOptions options = default) where TStep : ILaneStep
    {
        ArgumentNullException.ThrowIfNull(law);
        LaneRunChecks.LearningRate(α);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (TStep.ParameterCount != 1)
            throw new ArgumentException($"{TStep.Name} takes {TStep.ParameterCount} parameters; an SGD lane step takes [α].", nameof(TStep));
        if (law.Dimension != TStep.InputLength)
            throw new ArgumentException($"{TStep.Name}: the law has dimension {law.Dimension}, the step reads θ of length {TStep.InputLength}.", nameof(law));
        var m = TStep.InputLength;
        var θs = new double[steps * m];
        for (var i = 0; i < steps; i++)
        {
            var random = new CounterRng(seed, path, (uint)i, 0);
            law.Sample(ref random, θs.AsSpan(i * m, m));
        }
        FusedEnsemble.Run<TStep>(state, particles, [α], θs, steps, options);
    }
}
