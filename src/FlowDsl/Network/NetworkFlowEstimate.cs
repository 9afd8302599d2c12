using System.Globalization;

namespace FlowDsl.Network;

/// <summary>
/// What a network-scale run will need, estimated before it starts: memory (the data rows, O(d) vectors per worker
/// thread, the per-path results and the runtime) and time (sweeps over the atoms × the measured cost of one gradient and
/// one Hessian-vector product per atom). <see cref="NetworkFlowStudy{TModel}.Run"/> refuses a run that does not fit.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Atoms">N, the atoms of the empirical law.</param>
/// <param name="DataBytes">The data rows.</param>
/// <param name="WorkerBytes">Working memory of one worker thread (O(d + N)).</param>
/// <param name="Workers">Worker threads.</param>
/// <param name="OtherBytes">Per-path results and the .NET runtime.</param>
/// <param name="MemoryLimitBytes">The limit the run must stay under.</param>
/// <param name="GradientSecondsPerAtom">Measured seconds per atom of a gradient-and-noise sweep.</param>
/// <param name="HvpSecondsPerAtom">Measured seconds per atom of a Hessian-vector-product sweep.</param>
/// <param name="CpuSeconds">Estimated CPU seconds of the whole run.</param>
/// <param name="WallSeconds">Estimated wall seconds (CPU seconds over the usable workers, on an idle machine).</param>
/// <param name="TimeLimitSeconds">The time limit, or null for none.</param>
/// <param name="Paths">Paths per level.</param>
public sealed record NetworkFlowEstimate(int Dimension, int Atoms, long DataBytes, long WorkerBytes, int Workers, long OtherBytes,
    long MemoryLimitBytes, double GradientSecondsPerAtom, double HvpSecondsPerAtom, double CpuSeconds, double WallSeconds,
    double? TimeLimitSeconds, int Paths)
{
    /// <summary>Peak memory estimate.</summary>
    public long TotalBytes => DataBytes + Workers * WorkerBytes + OtherBytes;

    /// <summary>What one dense d×d matrix of doubles (a Σ or Σ^{1/2}) would take: never allocated here.</summary>
    public long DenseMatrixBytes => (long)Dimension * Dimension * sizeof(double);

    /// <summary>True when the estimate is under the memory limit.</summary>
    public bool FitsMemory => TotalBytes <= MemoryLimitBytes;

    /// <summary>True when there is no time limit or the wall estimate is under it.</summary>
    public bool FitsTime => TimeLimitSeconds is not { } limit || WallSeconds <= limit;

    /// <summary>Worker threads that would fit the memory limit (0: not even one).</summary>
    public int WorkersThatFit => (int)Math.Clamp((MemoryLimitBytes - DataBytes - OtherBytes) / Math.Max(1, WorkerBytes), 0, int.MaxValue);

    /// <summary>Paths per level that would fit the time limit (time is linear in the paths).</summary>
    public int PathsThatFit => TimeLimitSeconds is { } limit && WallSeconds > 0 ? (int)Math.Floor(Paths * limit / WallSeconds) : Paths;

    /// <summary>Null when the run fits; else one paragraph with the estimate and the option that would fit.</summary>
    public string? Refusal
    {
        get
        {
            if (!FitsMemory)
            {
                var fit = WorkersThatFit;
                var option = fit >= 1
                    ? $"use .Threads({fit}) (each worker holds {Bytes(WorkerBytes)})"
                    : $"even one worker ({Bytes(WorkerBytes)}) does not fit beside the data ({Bytes(DataBytes)}): raise .MemoryLimit(…) or use fewer atoms";
                return $"Refused before starting: the run needs ≈ {Bytes(TotalBytes)} (data {Bytes(DataBytes)} + {Workers} worker(s) × {Bytes(WorkerBytes)} + results and runtime {Bytes(OtherBytes)}), " +
                       $"more than the limit {Bytes(MemoryLimitBytes)}; {option}.";
            }
            if (!FitsTime)
            {
                var paths = PathsThatFit;
                var option = paths >= 2
                    ? $"use .Paths({paths})"
                    : "even 2 paths do not fit: drop the finest level of the ladder, use fewer substeps or fewer atoms";
                return $"Refused before starting: the run needs ≈ {Seconds(WallSeconds)} wall ({Seconds(CpuSeconds)} CPU, {Workers} worker(s); " +
                       $"{1e6 * GradientSecondsPerAtom:F1} µs per atom and gradient, {1e6 * HvpSecondsPerAtom:F1} µs per atom and HVP, N = {Atoms:N0}), " +
                       $"more than the limit {Seconds(TimeLimitSeconds!.Value)}; {option}.";
            }
            return null;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"d = {Dimension:N0}, N = {Atoms:N0}: memory ≈ {Bytes(TotalBytes)} (data {Bytes(DataBytes)}, {Workers} × {Bytes(WorkerBytes)} per worker, other {Bytes(OtherBytes)}; " +
        $"limit {Bytes(MemoryLimitBytes)}; one dense d×d matrix would be {Bytes(DenseMatrixBytes)}), time ≈ {Seconds(WallSeconds)} wall / {Seconds(CpuSeconds)} CPU " +
        $"({1e6 * GradientSecondsPerAtom:F1} µs/atom gradient, {1e6 * HvpSecondsPerAtom:F1} µs/atom HVP)");

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
    };

    internal static string Seconds(double seconds) => seconds >= 120
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s");
}

/// <summary>A network-scale run refused up front because its estimate does not fit the memory or time limit.</summary>
public sealed class NetworkBudgetException : InvalidOperationException
{
    /// <summary>The refusal for <paramref name="estimate"/>.</summary>
    public NetworkBudgetException(NetworkFlowEstimate estimate) : base(estimate?.Refusal ?? "The run does not fit.") => Estimate = estimate!;

    /// <summary>The estimate that did not fit.</summary>
    public NetworkFlowEstimate Estimate { get; }
}
