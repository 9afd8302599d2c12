using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// n-point SGD on an ensemble with a generated lane step (<c>Model.SgdLaneStep</c>): one θᵢ ~ P per step, shared by all
/// particles (math.md §1.2), drawn from <see cref="CounterRng"/>(seed, path, step, 0), so the result depends only on the
/// seed and path, never on the width, tiling or thread count. <see cref="DrawThetas"/> returns that θ sequence.
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
        var θs = Thetas(law, steps, seed, path, $"{TStep.Name}: the drawn θ of every step");
        if (TStep.LaneNormalCount > 0)
            throw new ArgumentException($"{TStep.Name} reads {TStep.LaneNormalCount} normals per lane: use RunIndependent.", nameof(TStep));
        FusedEnsemble.Run<TStep>(state, particles, [α], θs, steps, default, options, new FusedEnsemble.Reporting("SGD step", path, 0));
    }

    /// <summary>
    /// The θ sequence <see cref="Run{TStep}"/> draws, step-major (θᵢ at <c>[i·m, (i + 1)·m)</c>, m = the law's dimension):
    /// θᵢ = <paramref name="law"/>.Sample of <see cref="CounterRng"/>(<paramref name="seed"/>, <paramref name="path"/>, i, stream 0),
    /// a fresh stream per step, so θᵢ depends only on (seed, path, i). With it, x ← x − α∇ₓR(x, θᵢ) in any plain loop
    /// follows the fused run's trajectory (to rounding: the lane step folds terms and uses FMA).
    /// </summary>
    /// <param name="law">P, the data law (the same one passed to <see cref="Run{TStep}"/>).</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="seed">The experiment seed.</param>
    /// <param name="path">The path index.</param>
    /// <returns>steps·m numbers: θ₀, θ₁, …</returns>
    /// <exception cref="ArgumentOutOfRangeException">The step count is negative.</exception>
    public static double[] DrawThetas(Law law, int steps, ulong seed, uint path = 0)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return Thetas(law, steps, seed, path, "FusedSgd.DrawThetas: the θ of every step");
    }

    private static double[] Thetas(Law law, int steps, ulong seed, uint path, string what)
    {
        var m = law.Dimension;
        var θs = new double[LaneRunChecks.BufferLength(steps, m, what)];
        for (var i = 0; i < steps; i++)
        {
            var random = new CounterRng(seed, path, (uint)i, 0);
            law.Sample(ref random, θs.AsSpan(i * m, m));
        }
        return θs;
    }

    /// <summary>
    /// Independent SGD copies with a generated <c>Model.SgdIndependentLaneStep</c>: every particle draws its own
    /// θ = μ + S^{1/2}ξ per step from its <see cref="LaneNormals"/>(seed, path), for a Gaussian P = N(μ, S).
    /// </summary>
    /// <param name="state">SoA state, length d·n; updated in place.</param>
    /// <param name="particles">n, the number of particles.</param>
    /// <param name="law">P, a Gaussian law N(μ, S) of θ.</param>
    /// <param name="α">The learning rate.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="seed">The experiment seed of the per-particle normals.</param>
    /// <param name="path">The path index.</param>
    /// <param name="options">Width, threads and time-fusion chunk.</param>
    /// <param name="generator">Counter-based normals (default, reproducible across chunks), the Philox counter normals of before issue 14, or per-particle streams (see <see cref="LaneNormalGenerator"/>).</param>
    /// <exception cref="NotSupportedException">P is not Gaussian (a lane draws θ from normals; for other laws use the span-kernel simulator).</exception>
    /// <exception cref="ArgumentException">The law's dimension does not match the step, or the step draws no θ per lane.</exception>
    public static void RunIndependent<TStep>(Span<double> state, int particles, Law law, double α, int steps, ulong seed, uint path = 0,
        FusedOptions options = default, LaneNormalGenerator generator = LaneNormalGenerator.Counter) where TStep : ILaneStep
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
        FusedEnsemble.Run<TStep>(state, particles, parameters, [], steps, new LaneNormals(seed, path, generator), options, new FusedEnsemble.Reporting("SGD step", path, 0));
    }
}
