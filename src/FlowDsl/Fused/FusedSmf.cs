using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// The n-point SMF-1/SMF-2 on an ensemble with a generated factored lane step (<c>Model.Smf2LaneStep</c>), SH2 scheme:
/// one cylindrical noise increment per step shared by all particles (math.md §3.4 c), computed once per step from
/// <see cref="FactoredNoise{TStep}"/> with normals from <see cref="CounterRng"/>(seed, path, step, 1). The per-particle
/// cost does not depend on the number of atoms of P; results do not depend on the width, tiling or thread count.
/// </summary>
public static class FusedSmf
{
    /// <summary>Advances the SoA <paramref name="state"/> by <paramref name="steps"/> SH2 steps of size <paramref name="h"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α or h is not positive and finite, or a count is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    /// <exception cref="NotSupportedException">The noise cannot be built exactly under this law (see <see cref="FactoredNoise{TStep}"/>).</exception>
    /// <exception cref="Simulation.DivergenceException">A particle became NaN or infinite (the exact step, particle and coordinate).</exception>
    public static void Run<TStep>(Span<double> state, int particles, Law law, double α, double h, int steps, ulong seed, uint path = 0,
        FusedOptions options = default) where TStep : IFactoredLaneStep =>
        Run<TStep>(state, particles, new FactoredNoise<TStep>(law), α, h, steps, seed, path, options);

    /// <inheritdoc cref="Run{TStep}(Span{double}, int, Law, double, double, int, ulong, uint, FusedOptions)"/>
    public static void Run<TStep>(Span<double> state, int particles, FactoredNoise<TStep> noise, double α, double h, int steps, ulong seed,
        uint path = 0, FusedOptions options = default) where TStep : IFactoredLaneStep
    {
        ArgumentNullException.ThrowIfNull(noise);
        LaneRunChecks.LearningRate(α);
        LaneRunChecks.StepSize(h);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var k = TStep.FactorCount;
        var ζ = new double[LaneRunChecks.BufferLength(steps, k, $"{TStep.Name}: the noise increments of every step")];
        var ξ = new double[noise.NoiseCount];
        for (var i = 0; i < steps; i++)
        {
            new CounterRng(seed, path, (uint)i, 1).FillNormal(ξ);
            noise.Increment(ξ, h, ζ.AsSpan(i * k, k));
        }
        double[] parameters = [α, h, .. noise.Mean];
        FusedEnsemble.Run<TStep>(state, particles, parameters, ζ, steps, default, options, new FusedEnsemble.Reporting("SH2 step", path, h));
    }
}
