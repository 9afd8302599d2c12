using FlowDsl.Benchmarks.Baselines;
using FlowDsl.Fused;
using FlowDsl.IntegrationTests.Generated;
using FlowDsl.Models;
using FlowDsl.Random;
using FlowDsl.Simd;
using FlowDsl.Tests.Simd.Kernels;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// Every fused driver at every particle count n = 0…256 — empty ensembles, a lone scalar tail, partial and full tiles of
/// every width, thread ranges that split a tile — against a simple reference: plain loops over the span kernels or the
/// naive baselines, run once for 256 particles. A particle's path does not depend on n (the shared inputs are per step,
/// per-particle normals are keyed by the particle index), so the first n particles of the reference are the expected
/// result for every n. Bit-exact where the arithmetic is the same, 1e-11 relative where the generated steps fold terms.
/// </summary>
public class ParticleCountSweepTests
{
    private const int MaxParticles = 256;
    private const int Steps = 6;
    private const double α = 0.1, h = 0.025;
    private const ulong Seed = 11;
    private const uint Path = 2;

    /// <summary>Width × threads × step chunk: the chunk of 4 splits the 6 steps into a full and a partial chunk.</summary>
    private static IEnumerable<FusedOptions> Options() =>
        SimdWidths.Supported.SelectMany(w => new[] { new FusedOptions(w, 1, 256), new FusedOptions(w, 3, 4) });

    /// <summary>Start of particle p, coordinate i (independent of n).</summary>
    private static double Start(int p, int i) => 1.2 * Math.Sin(0.9 * p + 1.7 * i + 0.4);

    private static double[] SoA(int n, int d)
    {
        var state = new double[d * n];
        for (var i = 0; i < d; i++)
            for (var p = 0; p < n; p++) state[i * n + p] = Start(p, i);
        return state;
    }

    /// <summary>Runs <paramref name="reference"/> (one particle's whole path, from its start) for 256 particles.</summary>
    private static double[][] Reference(int d, Func<int, double[], double[]> reference) =>
        [.. Enumerable.Range(0, MaxParticles).Select(p => reference(p, [.. Enumerable.Range(0, d).Select(i => Start(p, i))]))];

    private static void Sweep(string what, int d, double[][] expected, Action<double[], int, FusedOptions> run, bool bitExact)
    {
        foreach (var options in Options())
            for (var n = 0; n <= MaxParticles; n++)
            {
                var state = SoA(n, d);
                run(state, n, options);
                for (var p = 0; p < n; p++)
                    for (var i = 0; i < d; i++)
                    {
                        var (actual, wanted) = (state[i * n + p], expected[p][i]);
                        var ok = bitExact
                            ? BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(wanted)
                            : Math.Abs(actual - wanted) <= 1e-11 * Math.Max(1.0, Math.Abs(wanted));
                        if (!ok)
                            Assert.Fail($"{what}, n = {n}, {options}: particle {p} coordinate {i} is {actual:R}, expected {wanted:R}");
                    }
            }
    }

    private static double[] SharedData(Law law, uint stream = 0)
    {
        var θs = new double[Steps * law.Dimension];
        for (var s = 0; s < Steps; s++)
        {
            var random = new CounterRng(Seed, Path, (uint)s, stream);
            law.Sample(ref random, θs.AsSpan(s * law.Dimension, law.Dimension));
        }
        return θs;
    }

    [Fact]
    public void FusedEnsemble_with_a_lane_gradient_equals_the_naive_sgd_loop_bit_for_bit()
    {
        var θs = SharedData(Law.Normal(dimension: 2));
        var naive = Reference(2, (_, x) => { NaiveBaselines.QuadraticSgd(x, 2, α, θs, Steps); return x; });
        Sweep("FusedEnsemble SGD (QuadraticLane2)", 2, naive,
            (state, n, o) => FusedEnsemble.Run<SgdLaneStep<QuadraticLane2>>(state, n, [α], θs, Steps, o), bitExact: true);
    }

    [Fact]
    public void FusedEnsemble_with_a_lane_sde_equals_the_naive_sh2_loop_bit_for_bit()
    {
        var ΔW = new double[Steps];
        CounterNormals.Fill(Seed, Path, 0, 1, ΔW);
        for (var s = 0; s < Steps; s++) ΔW[s] *= Math.Sqrt(h);
        var naive = Reference(1, (_, y) => { NaiveBaselines.MultiplicativeSh2(y, α, h, ΔW, Steps); return y; });
        Sweep("FusedEnsemble SH2 (MultiplicativeLane)", 1, naive,
            (state, n, o) => FusedEnsemble.Run<Sh2LaneStep<MultiplicativeLane>>(state, n, [α, h], ΔW, Steps, o), bitExact: true);
    }

    [Fact]
    public void FusedSgd_equals_x_minus_alpha_times_the_span_gradient()
    {
        var θs = SharedData(Quadratic.P);
        var loop = Reference(3, (_, x) =>
        {
            for (var s = 0; s < Steps; s++)
            {
                var g = RiskModelChecks.Gradient<Quadratic>(x, θs[(s * 3)..(s * 3 + 3)]);
                for (var i = 0; i < 3; i++) x[i] -= α * g[i];
            }
            return x;
        });
        Sweep("FusedSgd (QuadraticLanes.SgdLaneStep)", 3, loop,
            (state, n, o) => FusedSgd.Run<QuadraticLanes.SgdLaneStep>(state, n, Quadratic.P, α, Steps, Seed, Path, o), bitExact: false);
    }

    [Fact]
    public void FusedSgd_independent_copies_draw_theta_from_the_particles_own_normals()
    {
        // P = N(0, I₃): θ of particle p at step s is its own normals ξ (LaneNormals), and x ← x − α∇R(x, θ).
        var normals = new LaneNormals(Seed, Path);
        var loop = Reference(3, (p, x) =>
        {
            for (var s = 0; s < Steps; s++)
            {
                double[] θ = [normals.Get(p, s, 0), normals.Get(p, s, 1), normals.Get(p, s, 2)];
                var g = RiskModelChecks.Gradient<Quadratic>(x, θ);
                for (var i = 0; i < 3; i++) x[i] -= α * g[i];
            }
            return x;
        });
        Sweep("FusedSgd.RunIndependent (Quadratic)", 3, loop,
            (state, n, o) => FusedSgd.RunIndependent<QuadraticLanes.SgdIndependentLaneStep>(state, n, Quadratic.P, α, Steps, Seed, Path, o), bitExact: false);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FusedSmf_under_an_empirical_law_equals_unfactored_sh2_with_the_atom_noise(int order)
    {
        var law = RegressionSample(16);
        SmfSweep<LinearRegression.Smf1LaneStep, LinearRegression.Smf2LaneStep, LinearRegression>(law, 2, order, "regression, N = 16");
    }

    [Fact]
    public void FusedSmf_under_a_two_point_law_equals_unfactored_sh2_with_the_atom_noise() =>
        SmfSweep<Multiplicative.Smf1LaneStep, Multiplicative.Smf2LaneStep, Multiplicative>(Multiplicative.P, 1, 2, "Multiplicative, θ = ±1");

    private static void SmfSweep<TStep1, TStep2, TModel>(Law law, int d, int order, string what)
        where TStep1 : IFactoredLaneStep where TStep2 : IFactoredLaneStep where TModel : IRiskModel
    {
        // The shared ξ of step s are CounterRng(seed, path, s, 1) (FusedSmf's contract); the reference spends them on
        // Σⱼ √pⱼ G(x,θⱼ) √h ξⱼ over the atoms, drift −ḡ (− (α/2)H̄ḡ) from the span kernels.
        var support = law.Support!;
        var ξ = new double[Steps][];
        for (var s = 0; s < Steps; s++) new CounterRng(Seed, Path, (uint)s, 1).FillNormal(ξ[s] = new double[support.Count]);
        var loop = Reference(d, (_, y) =>
        {
            for (var s = 0; s < Steps; s++) y = LaneStepChecks.UnfactoredSh2<TModel>(y, support.Nodes, support.Weights, ξ[s], α, h, order);
            return y;
        });
        if (order == 1)
        {
            var noise = new FactoredNoise<TStep1>(law);
            Sweep($"FusedSmf SMF-1, {what}", d, loop, (state, n, o) => FusedSmf.Run<TStep1>(state, n, noise, α, h, Steps, Seed, Path, o), bitExact: false);
        }
        else
        {
            var noise = new FactoredNoise<TStep2>(law);
            Sweep($"FusedSmf SMF-2, {what}", d, loop, (state, n, o) => FusedSmf.Run<TStep2>(state, n, noise, α, h, Steps, Seed, Path, o), bitExact: false);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FusedSme_equals_sh2_of_the_ornstein_uhlenbeck_sme_with_the_particles_own_normals(int order)
    {
        // Quadratic, θ ~ N(0, I₃): Σ = I, drift a(y) = −c·y with c = 1 (SME-1) or 1 + α/2 (SME-2), additive noise √α·B·ξ√h.
        // Any B with BBᵀ = I gives the SME's law; path by path the step uses the generator's factors b(θ) = Lθ + const,
        // G = θ − m = −L⁻¹(b(θ) − β), so B = −L⁻¹ with ξ the particle's own normals (here Γ = LLᵀ = I: L is a signed permutation).
        var L = FactorMap<QuadraticLanes.Sme2LaneStep>(3);
        var c = order == 1 ? 1.0 : 1 + α / 2;
        var normals = new LaneNormals(Seed, Path);
        var loop = Reference(3, (p, y) =>
        {
            for (var s = 0; s < Steps; s++)
            {
                var noise = new double[3];
                for (var i = 0; i < 3; i++)
                    for (var k = 0; k < 3; k++) noise[i] -= L[k, i] * normals.Get(p, s, k) * Math.Sqrt(α * h); // −L⁻¹ = −Lᵀ
                var a0 = y.Select(v => -c * v).ToArray();
                var predictor = y.Select((v, i) => v + h * a0[i] + noise[i]).ToArray();
                y = y.Select((v, i) => v + 0.5 * h * (a0[i] - c * predictor[i]) + noise[i]).ToArray();
            }
            return y;
        });
        if (order == 1)
            Sweep("FusedSme SME-1 (Quadratic)", 3, loop, (state, n, o) => FusedSme.Run<QuadraticLanes.Sme1LaneStep>(state, n, Quadratic.P, α, h, Steps, Seed, Path, o), bitExact: false);
        else
            Sweep("FusedSme SME-2 (Quadratic)", 3, loop, (state, n, o) => FusedSme.Run<QuadraticLanes.Sme2LaneStep>(state, n, Quadratic.P, α, h, Steps, Seed, Path, o), bitExact: false);
    }

    /// <summary>L with b(θ) = Lθ + b(0), read off the generated factors; asserted to be a signed permutation.</summary>
    private static double[,] FactorMap<TStep>(int m) where TStep : IFactoredLaneStep
    {
        Assert.Equal(m, TStep.FactorCount);
        var (zero, unit) = (new double[m], new double[m]);
        TStep.DataFactors(new double[m], zero);
        var L = new double[m, m];
        for (var j = 0; j < m; j++)
        {
            var θ = new double[m];
            θ[j] = 1;
            TStep.DataFactors(θ, unit);
            for (var k = 0; k < m; k++) L[k, j] = unit[k] - zero[k];
        }
        for (var k = 0; k < m; k++)
        {
            var row = Enumerable.Range(0, m).Select(j => Math.Abs(L[k, j])).ToArray();
            Assert.True(row.Count(v => v == 1) == 1 && row.Count(v => v == 0) == m - 1, $"the factors of R = ½|x − θ|² are not ±θ: row {k} of L is [{string.Join(", ", row)}]");
        }
        return L;
    }

    private static EmpiricalLaw RegressionSample(int atoms)
    {
        var rows = new double[atoms][];
        for (var j = 0; j < atoms; j++)
        {
            var random = new CounterRng(99, 0, (uint)j, 0);
            rows[j] = new double[3];
            LinearRegression.P.Sample(ref random, rows[j]);
        }
        return Law.Empirical(rows);
    }
}
