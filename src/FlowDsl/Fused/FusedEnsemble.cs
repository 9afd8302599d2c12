using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FlowDsl.Random;
using FlowDsl.Simulation;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// Runs a lane step (<see cref="ILaneStep"/>) over an ensemble of particles stored as structure of arrays:
/// coordinate i of particle p is <c>state[i·n + p]</c>. The per-step constants are computed once per step; then each tile
/// of particles is loaded into registers, advanced <see cref="FusedOptions.StepChunk"/> steps, and stored (time fusion).
/// </summary>
/// <remarks>
/// Every particle sees the same operations in the same order whatever the width, tiling or thread count, so the result is
/// bit-identical for all <see cref="FusedOptions"/>. A non-finite state is reported as a <see cref="DivergenceException"/>
/// with the exact step, particle and coordinate: the probe runs once per tile and chunk of steps (no cost per step), and
/// only when it fires is that chunk recomputed one step at a time for the tile's particles (the scalar lane does the same
/// operations, so it finds the same step). Of all diverging particles the one with the earliest step is reported (the
/// lowest index on ties), so the report too is the same for every width, thread count and chunk. After a divergence the
/// state is not a result: the tiles that diverged keep the values of their chunk's start, other particles are advanced
/// by some steps.
/// <para>
/// The run parameters the generated steps read (<see cref="ILaneStep.ParameterCount"/> numbers; <see cref="FusedSgd"/>,
/// <see cref="FusedSmf"/> and <see cref="FusedSme"/> assemble them from the law, and are the easier way in):
/// <c>SgdLaneStep</c> [α] with inputs θ₀, θ₁, … (step-major, <see cref="FusedSgd.DrawThetas"/>);
/// <c>SgdIndependentLaneStep</c> [α, μ₁…μₘ, S^{1/2} row-major (m·m)] for P = N(μ, S), no inputs;
/// <c>Smf1LaneStep</c>/<c>Smf2LaneStep</c> [α, h, β₁…β_K] (βₖ = E bₖ(θ), <see cref="FactoredNoise{TStep}.Mean"/>) with the
/// shared increments ζ as inputs (K per step, <see cref="FactoredNoise{TStep}.Increment"/>);
/// <c>Sme1LaneStep</c>/<c>Sme2LaneStep</c> [α, h, β₁…β_K, Γ^{1/2} row-major (K·K)] (<see cref="FactoredNoise{TStep}.GramRoot"/>), no inputs.
/// </para>
/// </remarks>
[SkipLocalsInit] // tile temporaries are always written before read; zeroing 1 KiB tiles per step would dominate
public static class FusedEnsemble
{
    /// <summary>Advances all <paramref name="particles"/> by <paramref name="steps"/> steps of <typeparamref name="TStep"/>.</summary>
    /// <param name="state">SoA state, length d·n; updated in place.</param>
    /// <param name="particles">n, the number of particles.</param>
    /// <param name="parameters">
    /// Run parameters, length <see cref="ILaneStep.ParameterCount"/>: [α] for an n-point <c>SgdLaneStep</c>; [α, h, β₁…β_K] for
    /// an SMF step (the list for every generated step is in the class remarks).
    /// </param>
    /// <param name="inputs">Per-step inputs (θᵢ for SGD, ζᵢ for the SMF), step-major, length steps·<see cref="ILaneStep.InputLength"/>.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="options">Width, threads and time-fusion chunk.</param>
    /// <exception cref="ArgumentException">A length does not match (the message names the argument, its length and the expected one).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or option is out of range.</exception>
    /// <exception cref="DivergenceException">A particle's state became NaN or infinite (names the step, particle and coordinate).</exception>
    public static void Run<TStep>(Span<double> state, int particles, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, int steps, FusedOptions options = default) where TStep : ILaneStep
    {
        if (TStep.LaneNormalCount > 0)
            throw new ArgumentException($"{TStep.Name} reads {TStep.LaneNormalCount} normals per lane and step: pass a LaneNormals (seed, path).", nameof(TStep));
        Run<TStep>(state, particles, parameters, inputs, steps, default, options, new Reporting("lane step", 0, 0));
    }

    /// <summary>
    /// As <see cref="Run{TStep}(Span{double}, int, ReadOnlySpan{double}, ReadOnlySpan{double}, int, FusedOptions)"/>, for a
    /// step that also reads <see cref="ILaneStep.LaneNormalCount"/> standard normals per particle and step (the SME,
    /// independent SGD): normal m of particle p at step s is <see cref="LaneNormals.Get"/>(p, s, m), a function of
    /// (seed, path, particle, step, m) for the counter generators, so it depends on the particle, not on the lane, tile,
    /// chunk or thread (math.md §8).
    /// </summary>
    /// <param name="state">SoA state, length d·n; updated in place.</param>
    /// <param name="particles">n, the number of particles.</param>
    /// <param name="parameters">
    /// Run parameters, length <see cref="ILaneStep.ParameterCount"/>: [α, μ, S^{1/2}] for <c>SgdIndependentLaneStep</c>,
    /// [α, h, β, Γ^{1/2}] for an SME step (see the class remarks).
    /// </param>
    /// <param name="inputs">Per-step shared inputs, step-major, length steps·<see cref="ILaneStep.InputLength"/>.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="normals">The seed and path of the per-lane normals.</param>
    /// <param name="options">Width, threads and time-fusion chunk.</param>
    /// <exception cref="DivergenceException">A particle's state became NaN or infinite (names the step, particle and coordinate).</exception>
    public static void Run<TStep>(Span<double> state, int particles, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, int steps, LaneNormals normals, FusedOptions options = default) where TStep : ILaneStep =>
        Run<TStep>(state, particles, parameters, inputs, steps, normals, options, new Reporting("lane step", normals.Path, 0));

    /// <summary>How a divergence is reported: the runner's name for a step, the path, and the time per step (0: not known).</summary>
    internal readonly record struct Reporting(string Simulator, uint Path, double StepTime);

    /// <summary>The runner behind the public overloads; the fused SGD/SME/SMF drivers pass their path and step size for the report.</summary>
    internal static unsafe void Run<TStep>(Span<double> state, int particles, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, int steps, LaneNormals normals, FusedOptions options, Reporting reporting) where TStep : ILaneStep
    {
        if (TStep.LaneNormalCount is < 0 or > LaneTile<double>.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(TStep), TStep.LaneNormalCount, $"{TStep.Name}: {TStep.LaneNormalCount} normals per lane, expected 0..{LaneTile<double>.MaxDimension}.");
        var d = TStep.Dimension;
        if (d is < 1 or > LaneTile<double>.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(TStep), d, $"{TStep.Name}: dimension {d}, expected 1..{LaneTile<double>.MaxDimension}.");
        ArgumentOutOfRangeException.ThrowIfNegative(particles);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EffectiveThreads, 1, "options.Threads");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EffectiveStepChunk, 1, "options.StepChunk");
        RequireLength(nameof(state), state.Length, (long)d * particles, $"d·n = {d}·{particles}");
        RequireLength(nameof(parameters), parameters.Length, TStep.ParameterCount, $"{TStep.Name} parameter count");
        RequireLength(nameof(inputs), inputs.Length, (long)steps * TStep.InputLength, $"steps·input length = {steps}·{TStep.InputLength}");
        var width = SimdWidths.Resolve(options.Width);

        var constantCount = TStep.ConstantCount;
        var copies = ConstantCopies<TStep>();
        var stride = constantCount * copies;
        var constants = new double[Math.Max(1, LaneRunChecks.BufferLength(steps, stride, $"{TStep.Name}: the per-step constants"))];
        for (var i = 0; i < steps; i++)
        {
            var k = constants.AsSpan(i * stride, stride);
            TStep.PrepareStep(parameters, inputs.Slice(i * TStep.InputLength, TStep.InputLength), k[..constantCount]);
            for (var t = 1; t < copies; t++) k[..constantCount].CopyTo(k[(t * constantCount)..]);
        }

        fixed (double* basePointer = state)
        {
            var job = new Job((nint)basePointer, particles, constants, stride, steps, options.EffectiveStepChunk, width, normals,
                normals.CounterKeys(TStep.LaneNormalCount));
            var parts = options.EffectiveThreads;
            // Each range stops at its first diverging chunk and returns what it found (a range must not stop the others:
            // Parallel.For may run the parts one after another); the earliest step over all ranges, lowest particle on ties, is reported.
            var found = new Divergence?[parts];
            if (parts == 1) found[0] = RunRange<TStep>(job, 0, particles);
            else
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
                {
                    var (start, end) = ParticleRanges.Get(particles, parts, part);
                    found[part] = RunRange<TStep>(job, start, end);
                });
            if (found.Aggregate(Divergence.Earlier) is { } f)
                throw new DivergenceException(TStep.Name, $"the fused {reporting.Simulator}s", f.Step, (int)reporting.Path, f.Particle, f.Value,
                    time: reporting.StepTime > 0 ? f.Step * reporting.StepTime : null, coordinate: f.Coordinate,
                    stepLabel: reporting.StepTime > 0 ? null : reporting.Simulator);
        }
    }

    private static void RequireLength(string name, int actual, long expected, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}, expected {expected} ({what}).", name);
    }

    /// <summary>A run's shared data; step s's constants start at <see cref="Constants"/>[s·<see cref="ConstantStride"/>] (c, or equal copies of c: <see cref="ConstantCopies{TStep}"/>).</summary>
    private readonly record struct Job(nint State, int Particles, double[] Constants, int ConstantStride, int Steps, int Chunk, SimdWidth Width, LaneNormals Normals, ulong[] NormalKeys);

    /// <summary>Where a particle first became non-finite: after <see cref="Step"/> steps, in coordinate <see cref="Coordinate"/>.</summary>
    private readonly record struct Divergence(int Step, int Particle, int Coordinate, double Value)
    {
        public static Divergence? Earlier(Divergence? a, Divergence? b) =>
            a is not { } x ? b : b is not { } y ? a : (y.Step, y.Particle).CompareTo((x.Step, x.Particle)) < 0 ? y : x;
    }

    /// <summary>Runs particles start…end − 1 chunk by chunk; returns the earliest divergence of the first chunk that has one.</summary>
    private static Divergence? RunRange<TStep>(Job job, int start, int end) where TStep : ILaneStep
    {
        for (var first = 0; first < job.Steps; first += job.Chunk)
        {
            var last = Math.Min(job.Steps, first + job.Chunk);
            var p = start;
            Divergence? found = null;
            if (job.Width == SimdWidth.Vector512) p = RunTiles<TStep, V512Ops, Vector512<double>>(job, p, end, first, last, ref found);
            if (job.Width >= SimdWidth.Vector256) p = RunTiles<TStep, V256Ops, Vector256<double>>(job, p, end, first, last, ref found);
            RunTiles<TStep, ScalarOps, double>(job, p, end, first, last, ref found);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>Tiles of 1, 2 or 4 vectors of lanes (more for small d, to hide latency), then single vectors. Returns the first particle not done.</summary>
    private static int RunTiles<TStep, TOps, TVec>(Job job, int p, int end, int first, int last, ref Divergence? found)
        where TStep : ILaneStep where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        var unroll = typeof(TVec) == typeof(double) ? 1 : VectorTiles<TStep>();
        // Each run returns at the first tile that diverged (not stored: its chunk-start state is still in memory), located
        // here, outside the register-heavy roots; then the run resumes after it.
        while (p + unroll * lanes <= end)
        {
            p = unroll == 4 ? TileRun<TStep, TOps, TVec, Four>(in job, p, end, first, last)
                : unroll == 2 ? TileRun<TStep, TOps, TVec, Two>(in job, p, end, first, last)
                : TileRun<TStep, TOps, TVec, One>(in job, p, end, first, last);
            if (p + unroll * lanes > end) break;
            found = Divergence.Earlier(found, Locate<TStep>(job, p, unroll * lanes, first, last));
            p += unroll * lanes;
        }
        while (p + lanes <= end)
        {
            p = TileRun<TStep, TOps, TVec, One>(in job, p, end, first, last);
            if (p + lanes > end) break;
            found = Divergence.Earlier(found, Locate<TStep>(job, p, lanes, first, last));
            p += lanes;
        }
        return p;
    }

    /// <summary>
    /// Tiles advanced together on vector lanes: the step's preference, else 4 for d ≤ 2, 2 for d ≤ 8 (d ≤ 4 without
    /// AVX-512), 1 above.
    /// </summary>
    // Small steps (the generator leaves 0 for ≤ 16 lane operations): 2 tiles of d ≤ 8 fit AVX-512's 32 vector registers and
    // halve the per-step constant broadcasts per particle; with 16 registers (AVX2) 2 tiles of d = 8 spilled, one tile is
    // 2.5× faster (BENCHMARKS.md, SGD d = 8).
    private static int VectorTiles<TStep>() where TStep : ILaneStep =>
        TStep.PreferredTileCount is 1 or 2 or 4 ? TStep.PreferredTileCount
        : TStep.Dimension <= 2 ? 4 : TStep.Dimension <= (Avx512F.IsSupported ? 8 : 4) ? 2 : 1;

    /// <summary>
    /// How many copies of each step's constants a run stores (a JIT-time constant): one per vector tile for a small step
    /// (≤ 16 lane operations, the generator's <see cref="ILaneStep.PreferredTileCount"/> 0) without lane normals when
    /// AVX-512 encodings are available, else 1. Tile t reads copy t, so the JIT cannot merge the tiles' reads of a
    /// constant into one broadcast register; it broadcasts the constant inside the instruction that reads it (AVX-512
    /// embedded broadcast, <c>{1to8}</c>). For SGD d = 8 a step becomes 2 broadcasts + 16 FMAs with a memory operand
    /// instead of 9 broadcasts + 16 FMAs, ≈ 5 % faster on Zen 4, where a broadcast competes with the FMAs (BENCHMARKS.md,
    /// SGD d = 8). Without EVEX a copy would cost one broadcast per tile, so there is one. The values are the same; only
    /// where they are read from differs.
    /// </summary>
    private static int ConstantCopies<TStep>() where TStep : ILaneStep =>
        Avx512F.IsSupported && TStep.LaneNormalCount == 0 && TStep.PreferredTileCount == 0 ? VectorTiles<TStep>() : 1;

    /// <summary>A compile-time tile count, so each (kernel, width, count) gets its own JIT root and inlining budget.</summary>
    private interface ITileCount { static abstract int Value { get; } }
    private readonly struct One : ITileCount { public static int Value => 1; }
    private readonly struct Two : ITileCount { public static int Value => 2; }
    private readonly struct Four : ITileCount { public static int Value => 4; }

    /// <summary>
    /// Runs <see cref="Tiles{TStep, TOps, TVec, TCount}"/> at p, p + w, … (w = TCount·lanes) while a whole group fits before
    /// <paramref name="end"/>; returns the first group that diverged, or the first particle not done. One call per run of
    /// tiles, not per tile, and no call inside: the tiles stay in registers from the last step to the store (a call would
    /// make the JIT spill every tile around it; BENCHMARKS.md, SGD d = 8).
    /// </summary>
    // NoInlining: one root per instantiation keeps the JIT's inlining budget for the kernel (a big step inlined four times
    // into a caller that also inlines it once more ran out of budget and fell back to calls).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int TileRun<TStep, TOps, TVec, TCount>(in Job job, int p, int end, int first, int last)
        where TStep : ILaneStep where TOps : ISimdOps<TVec> where TVec : struct where TCount : ITileCount
    {
        var width = TCount.Value * TOps.Count;
        for (; p + width <= end; p += width)
            if (Tiles<TStep, TOps, TVec, TCount>(in job, p, first, last)) return p;
        return p;
    }

    /// <summary>
    /// Advances the tiles at particle p through steps first…last − 1 and stores them; returns true, storing nothing, when a
    /// lane became non-finite, so that the chunk's starting state stays in memory for <see cref="Locate{TStep}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Tiles<TStep, TOps, TVec, TCount>(in Job job, int p, int first, int last)
        where TStep : ILaneStep where TOps : ISimdOps<TVec> where TVec : struct where TCount : ITileCount
    {
        var unroll = TCount.Value;
        var d = TStep.Dimension;
        var lanes = TOps.Count;
        var c = TStep.ConstantCount;
        nint n = job.Particles;
        ref var origin = ref Unsafe.Add(ref *(double*)job.State, p);
        LaneTile<TVec> t0 = default, t1 = default, t2 = default, t3 = default;
        LaneTileArithmetic.Load<TOps, TVec>(d, ref t0, ref origin, n);
        if (unroll > 1) LaneTileArithmetic.Load<TOps, TVec>(d, ref t1, ref Unsafe.Add(ref origin, lanes), n);
        if (unroll > 2) LaneTileArithmetic.Load<TOps, TVec>(d, ref t2, ref Unsafe.Add(ref origin, 2 * lanes), n);
        if (unroll > 2) LaneTileArithmetic.Load<TOps, TVec>(d, ref t3, ref Unsafe.Add(ref origin, 3 * lanes), n);
        ref var constants = ref MemoryMarshal.GetArrayDataReference(job.Constants);
        nint stride = job.ConstantStride;
        // With copies (ConstantCopies's condition, written out: a call here is not inlined, this root spends the JIT's
        // budget on the step, and the offsets must be JIT-time constants, 0 without copies, for the tiles to share a
        // broadcast), tile t reads copy t of the step's constants; a run of 2 or 4 tiles is what the copies were made for.
        var perTile = unroll > 1 && Avx512F.IsSupported && TStep.LaneNormalCount == 0 && TStep.PreferredTileCount == 0;
        nint o1 = perTile ? c : 0, o2 = perTile ? 2 * c : 0, o3 = perTile ? 3 * c : 0;
        if (TStep.LaneNormalCount > 0)
        {
            // One counter pair (Philox block) per lane and normal serves two consecutive steps: drawn at each even step (and at the chunk's
            // first step if it is odd, then only its odd half is used).
            Unsafe.SkipInit(out StepPairTiles<TVec> z);
            Unsafe.SkipInit(out LaneTile<TVec> streams);
            if (job.Normals.Generator == LaneNormalGenerator.Stream) job.Normals.SeedStreams(p, unroll, first, ref streams);
            for (var s = first; s < last; s++)
            {
                var k = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref constants, s * stride), c);
                if (s == first || (s & 1) == 0) job.Normals.Draw<TOps, TVec>(TStep.LaneNormalCount, p, unroll, s >> 1, job.NormalKeys, ref streams, ref z);
                var odd = s & 1;
                TStep.Step<TOps, TVec>(ref t0, k, in StepPairTiles<TVec>.Get(ref z, 0, odd));
                if (unroll > 1) TStep.Step<TOps, TVec>(ref t1, k, in StepPairTiles<TVec>.Get(ref z, 1, odd));
                if (unroll > 2) TStep.Step<TOps, TVec>(ref t2, k, in StepPairTiles<TVec>.Get(ref z, 2, odd));
                if (unroll > 2) TStep.Step<TOps, TVec>(ref t3, k, in StepPairTiles<TVec>.Get(ref z, 3, odd));
            }
        }
        else
        {
            for (var s = first; s < last; s++)
            {
                ref var k = ref Unsafe.Add(ref constants, s * stride);
                TStep.Step<TOps, TVec>(ref t0, MemoryMarshal.CreateReadOnlySpan(ref k, c));
                if (unroll > 1) TStep.Step<TOps, TVec>(ref t1, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref k, o1), c));
                if (unroll > 2) TStep.Step<TOps, TVec>(ref t2, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref k, o2), c));
                if (unroll > 2) TStep.Step<TOps, TVec>(ref t3, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref k, o3), c));
            }
        }
        // The probe before the store: on divergence the chunk's starting state stays in memory for the step-by-step replay.
        var probe = LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t0);
        if (unroll > 1) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t1));
        if (unroll > 2) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t2));
        if (unroll > 2) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t3));
        if (!TOps.AllTrue(TOps.EqualTo(probe, TOps.Broadcast(0.0)))) return true;

        LaneTileArithmetic.Store<TOps, TVec>(d, in t0, ref origin, n);
        if (unroll > 1) LaneTileArithmetic.Store<TOps, TVec>(d, in t1, ref Unsafe.Add(ref origin, lanes), n);
        if (unroll > 2) LaneTileArithmetic.Store<TOps, TVec>(d, in t2, ref Unsafe.Add(ref origin, 2 * lanes), n);
        if (unroll > 2) LaneTileArithmetic.Store<TOps, TVec>(d, in t3, ref Unsafe.Add(ref origin, 3 * lanes), n);
        return false;
    }

    /// <summary>
    /// Replays steps <paramref name="first"/>…<paramref name="last"/> − 1 one at a time for particles p…p + count − 1 from
    /// their stored chunk-start state (scalar lanes: the same operations, so the same values), and returns the earliest
    /// step after which one of them has a non-finite coordinate (lowest particle, then lowest coordinate, on ties).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe Divergence? Locate<TStep>(Job job, int p, int count, int first, int last) where TStep : ILaneStep
    {
        var d = TStep.Dimension;
        var c = TStep.ConstantCount;
        nint n = job.Particles;
        Span<double> x = stackalloc double[d];
        Divergence? found = null;
        for (var q = p; q < p + count; q++)
        {
            ref var origin = ref Unsafe.Add(ref *(double*)job.State, q);
            LaneTile<double> t = default;
            LaneTileArithmetic.Load<ScalarOps, double>(d, ref t, ref origin, n);
            // The normals exactly as the tiles drew them: per step pair, from the chunk's first step (and the same stream seeds).
            Unsafe.SkipInit(out StepPairTiles<double> z);
            Unsafe.SkipInit(out LaneTile<double> streams);
            if (TStep.LaneNormalCount > 0 && job.Normals.Generator == LaneNormalGenerator.Stream) job.Normals.SeedStreams(q, 1, first, ref streams);
            for (var s = first; s <= last && (found is not { } f || s <= f.Step); s++)
            {
                if (s > first)
                {
                    var σ = s - 1;
                    var k = job.Constants.AsSpan(σ * job.ConstantStride, c);
                    if (TStep.LaneNormalCount > 0)
                    {
                        if (σ == first || (σ & 1) == 0) job.Normals.Draw<ScalarOps, double>(TStep.LaneNormalCount, q, 1, σ >> 1, job.NormalKeys, ref streams, ref z);
                        TStep.Step<ScalarOps, double>(ref t, k, in StepPairTiles<double>.Get(ref z, 0, σ & 1));
                    }
                    else TStep.Step<ScalarOps, double>(ref t, k);
                }
                LaneTileArithmetic.Store<ScalarOps, double>(d, in t, ref x[0], 1);
                var i = 0;
                while (i < d && double.IsFinite(x[i])) i++;
                if (i == d) continue;
                found = Divergence.Earlier(found, new Divergence(s, q, i, x[i]));
                break;
            }
        }
        // The replay always finds it (same operations); should it not, report the chunk's end rather than nothing.
        return found ?? new Divergence(last, p, 0, double.NaN);
    }
}
