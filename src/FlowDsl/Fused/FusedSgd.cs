using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

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
    /// <exception cref="Simulation.DivergenceException">A particle became NaN or infinite (the exact step, particle and coordinate).</exception>
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
        var θs = new double[LaneRunChecks.BufferLength(steps, m, $"{TStep.Name}: the drawn θ of every step")];
        for (var i = 0; i < steps; i++)
        {
            var random = new CounterRng(seed, path, (uint)i, 0);
            law.Sample(ref random, θs.AsSpan(i * m, m));
        }
        if (TStep.LaneNormalCount > 0)
            throw new ArgumentException($"{TStep.Name} reads {TStep.LaneNormalCount} normals per lane: use RunIndependent.", nameof(TStep));
        FusedEnsemble.Run<TStep>(state, particles, [α], θs, steps, default, options, new FusedEnsemble.Reporting("SGD step", path, 0));
    }

    /// <summary>
    /// Independent SGD copies with a generated <c>Model.SgdIndependentLaneStep</c>: every particle draws its own
    /// θ = μ + S^{1/2}ξ per step from its <see cref="LaneNormals"/>(seed, path), for a Gaussian P = N(μ, S).
    /// </summary>
    /// <exception cref="NotSupportedException">P is not Gaussian (a lane draws θ from normals; for other laws use the span-kernel simulator).</exception>
    /// <exception cref="ArgumentException">The law's dimension does not match the step, or the step draws no θ per lane.</exception>
    public static void RunIndependent<TStep>(Span<double> state, int particles, Law law, double α, int steps, ulong seed, uint path = 0,
        FusedOptions options = default) where TStep : ILaneStep
    {
        ArgumentNullException.ThrowIfNull(law);
        LaneRunChecks.LearningRate(α);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var m = law.Dimension;
        if (TStep.LaneNormalCount != m || TStep.ParameterCount != 1 + m + m * m)
            throw new ArgumentException($"{TStep.Name} does not draw θ of length {m} per lane; use the model's SgdIndependentLaneStep with a law of its θ's length.", nameof(TStep));
        if (law is not NormalLaw normal)
            throw new NotSupportedException($"{TStep.Name}: lanes draw θ = μ + S^{{1/2}}ξ, which needs a Gaussian law; {law.GetType().Name} is not. Use n-point FusedSgd.Run or the span-kernel simulator.");
        var covariance = normal.Covariance;
        var flat = new double[m * m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++) flat[i * m + j] = covariance[i, j];
        var root = new double[m * m];
        SymmetricEigen.SquareRoot(flat, m, root, new double[2 * m * m + m]);
        double[] parameters = [α, .. normal.Mean, .. root];
        FusedEnsemble.Run<TStep>(state, particles, parameters, [], steps, new LaneNormals(seed, path), options, new FusedEnsemble.Reporting("SGD step", path, 0));
    }
}
