using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.Simd;

/// <summary>
/// Runs a lane step (<see cref="ILaneStep"/>) over an ensemble of particles stored as structure of arrays:
/// coordinate i of particle p is <c>state[i·n + p]</c>. The per-step constants are computed once per step; then each tile
/// of particles is loaded into registers, advanced <see cref="FusedOptions.StepChunk"/> steps, and stored (time fusion).
/// </summary>
/// <remarks>
/// Every particle sees the same operations in the same order whatever the width, tiling or thread count, so the result is
/// bit-identical for all <see cref="FusedOptions"/>. Non-finite states are reported with the model, particle,
/// coordinate and the chunk of steps in which they appeared.
/// </remarks>
public static class FusedEnsemble
{
    /// <summary>Advances all <paramref name="particles"/> by <paramref name="steps"/> steps of <typeparamref name="TStep"/>.</summary>
    /// <param name="state">SoA state, length d·n; updated in place.</param>
    /// <param name="particles">n, the number of particles.</param>
    /// <param name="parameters">Run parameters (α, h, …), length <see cref="ILaneStep.ParameterCount"/>.</param>
    /// <param name="inputs">Per-step inputs (θᵢ or ΔWᵢ), step-major, length steps·<see cref="ILaneStep.InputLength"/>.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="options">Width, threads and time-fusion chunk.</param>
    /// <exception cref="ArgumentException">A length does not match (the message names the argument, its length and the expected one).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or option is out of range.</exception>
    /// <exception cref="ArithmeticException">A particle's state became NaN or infinite.</exception>
    public static unsafe void Run<TStep>(Span<double> state, int particles, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, int steps, FusedOptions options = default) where TStep : ILaneStep
    {
        var d = TStep.Dimension;
        if (d is < 1 or > LaneTile<double>.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(TStep), d, $"{TStep.Name}: dimension {d}, expected 1..{LaneTile<double>.MaxDimension}.");
        ArgumentOutOfRangeException.ThrowIfNegative(particles);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, "options.Threads");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StepChunk, 1, "options.StepChunk");
        RequireLength(nameof(state), state.Length, (long)d * particles, $"d·n = {d}·{particles}");
        RequireLength(nameof(parameters), parameters.Length, TStep.ParameterCount, $"{TStep.Name} parameter count");
        RequireLength(nameof(inputs), inputs.Length, (long)steps * TStep.InputLength, $"steps·input length = {steps}·{TStep.InputLength}");
        var width = SimdWidths.Resolve(options.Width);

        var constantCount = TStep.ConstantCount;
        var constants = new double[Math.Max(1, steps * constantCount)];
        for (var i = 0; i < steps; i++)
            TStep.PrepareStep(parameters, inputs.Slice(i * TStep.InputLength, TStep.InputLength), constants.AsSpan(i * constantCount, constantCount));

        fixed (double* basePointer = state)
        {
            var job = new Job((nint)basePointer, particles, constants, steps, options.StepChunk, width);
            if (options.Threads == 1)
            {
                RunRange<TStep>(job, 0, particles);
                return;
            }
            try
            {
                Parallel.For(0, options.Threads, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, part =>
                {
                    var (start, end) = ParticleRanges.Get(particles, options.Threads, part);
                    RunRange<TStep>(job, start, end);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1 && e.InnerExceptions[0] is ArithmeticException)
            {
                throw e.InnerExceptions.OfType<ArithmeticException>().MinBy(x => x.Data["particle"] as int? ?? int.MaxValue)!;
            }
        }
    }

    private static void RequireLength(string name, int actual, long expected, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}, expected {expected} ({what}).", name);
    }

    private readonly record struct Job(nint State, int Particles, double[] Constants, int Steps, int Chunk, SimdWidth Width);

    private static unsafe void RunRange<TStep>(Job job, int start, int end) where TStep : ILaneStep
    {
        for (var first = 0; first < job.Steps; first += job.Chunk)
        {
            var last = Math.Min(job.Steps, first + job.Chunk);
            var p = start;
            if (job.Width == SimdWidth.Vector512) p = RunTiles<TStep, V512Ops, Vector512<double>>(job, p, end, first, last);
            if (job.Width >= SimdWidth.Vector256) p = RunTiles<TStep, V256Ops, Vector256<double>>(job, p, end, first, last);
            RunTiles<TStep, ScalarOps, double>(job, p, end, first, last);
        }
    }

    /// <summary>Tiles of 1, 2 or 4 vectors of lanes (more for small d, to hide latency), then single vectors. Returns the first particle not done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RunTiles<TStep, TOps, TVec>(Job job, int p, int end, int first, int last)
        where TStep : ILaneStep where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        var unroll = TStep.Dimension <= 2 ? 4 : TStep.Dimension <= 4 ? 2 : 1;
        if (typeof(TVec) == typeof(double)) unroll = 1;
        for (; p + unroll * lanes <= end; p += unroll * lanes)
            Tiles<TStep, TOps, TVec>(job, p, first, last, unroll);
        for (; p + lanes <= end; p += lanes)
            Tiles<TStep, TOps, TVec>(job, p, first, last, 1);
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tiles<TStep, TOps, TVec>(Job job, int p, int first, int last, int unroll)
        where TStep : ILaneStep where TOps : ISimdOps<TVec> where TVec : struct
    {
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
        for (var s = first; s < last; s++)
        {
            var k = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref constants, s * c), c);
            TStep.Step<TOps, TVec>(ref t0, k);
            if (unroll > 1) TStep.Step<TOps, TVec>(ref t1, k);
            if (unroll > 2) TStep.Step<TOps, TVec>(ref t2, k);
            if (unroll > 2) TStep.Step<TOps, TVec>(ref t3, k);
        }
        LaneTileArithmetic.Store<TOps, TVec>(d, in t0, ref origin, n);
        if (unroll > 1) LaneTileArithmetic.Store<TOps, TVec>(d, in t1, ref Unsafe.Add(ref origin, lanes), n);
        if (unroll > 2) LaneTileArithmetic.Store<TOps, TVec>(d, in t2, ref Unsafe.Add(ref origin, 2 * lanes), n);
        if (unroll > 2) LaneTileArithmetic.Store<TOps, TVec>(d, in t3, ref Unsafe.Add(ref origin, 3 * lanes), n);

        var probe = LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t0);
        if (unroll > 1) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t1));
        if (unroll > 2) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t2));
        if (unroll > 2) probe = TOps.Add(probe, LaneTileArithmetic.NonFiniteProbe<TOps, TVec>(d, in t3));
        if (!TOps.AllTrue(TOps.EqualTo(probe, TOps.Broadcast(0.0))))
            ReportNonFinite<TStep>(job, p, unroll * lanes, first, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void ReportNonFinite<TStep>(Job job, int p, int count, int first, int last) where TStep : ILaneStep
    {
        var state = new ReadOnlySpan<double>((double*)job.State, TStep.Dimension * job.Particles);
        for (var q = p; q < p + count; q++)
            for (var i = 0; i < TStep.Dimension; i++)
            {
                var value = state[i * job.Particles + q];
                if (double.IsFinite(value)) continue;
                var error = new ArithmeticException(
                    $"{TStep.Name}: particle {q}, coordinate {i} became {value} within steps {first}..{last - 1}.");
                error.Data["particle"] = q;
                throw error;
            }
    }
}
