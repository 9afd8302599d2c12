using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// SME-1/SME-2 on an ensemble with a generated factored lane step (<c>Model.Sme2LaneStep</c>), SH2 scheme: every particle
/// is an independent copy driven by its own K normals per step (<see cref="LaneNormals"/>), with the noise
/// <c>√(αh)·Σₖ gₖ(x)(Γ^{1/2}ξ)ₖ</c>, whose covariance is αhΣ(x) (math.md §0.2). Results do not depend on the width,
/// tiling or thread count.
/// </summary>
public static class FusedSme
{
    /// <summary>Advances the SoA <paramref name="state"/> by <paramref name="steps"/> SH2 steps of size <paramref name="h"/>.</summary>
    /// <param name="state">SoA state (coordinate i of particle p at <c>i·n + p</c>), length d·n; updated in place.</param>
    /// <param name="particles">n, the number of particles.</param>
    /// <param name="law">P, the data law (β = E b(θ) and the Gram root Γ^{1/2} of the factors are computed from it).</param>
    /// <param name="α">The learning rate.</param>
    /// <param name="h">The SH2 step size.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="seed">The experiment seed of the per-particle normals.</param>
    /// <param name="path">The path index.</param>
    /// <param name="options">Width, threads and time-fusion chunk.</param>
    /// <param name="generator">
    /// <see cref="LaneNormalGenerator.Counter"/> (default: the same bits for any width, threads and chunk),
    /// <see cref="LaneNormalGenerator.Philox"/> (the same, with the numbers of before issue 14), or
    /// <see cref="LaneNormalGenerator.Stream"/> (the same bits for any width and threads, not across step chunks).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">α or h is not positive and finite, or a count is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the step is not an SME step.</exception>
    /// <exception cref="NotSupportedException">β and Γ cannot be computed exactly under this law (see <see cref="FactoredNoise{TStep}"/>).</exception>
    /// <exception cref="Simulation.DivergenceException">A particle became NaN or infinite (the exact step, particle and coordinate).</exception>
    public static void Run<TStep>(Span<double> state, int particles, Law law, double α, double h, int steps, ulong seed, uint path = 0,
        FusedOptions options = default, LaneNormalGenerator generator = LaneNormalGenerator.Counter) where TStep : IFactoredLaneStep
    {
        ArgumentNullException.ThrowIfNull(law);
        LaneRunChecks.LearningRate(α);
        LaneRunChecks.StepSize(h);
        if (TStep.LaneNormalCount != TStep.FactorCount)
            throw new ArgumentException($"{TStep.Name} is not an SME step (it reads {TStep.LaneNormalCount} normals per lane, not K = {TStep.FactorCount}); use FusedSmf for SMF steps.", nameof(TStep));
        var noise = new FactoredNoise<TStep>(law);
        double[] parameters = [α, h, .. noise.Mean, .. noise.GramRoot];
        FusedEnsemble.Run<TStep>(state, particles, parameters, [], steps, new LaneNormals(seed, path, generator), options, new FusedEnsemble.Reporting("SH2 step", path, h));
    }
}
