using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlowDsl.Mnist;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so kernel timings are
/// not inflated when the machine is oversubscribed; elsewhere it falls back to wall time.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True when the thread CPU clock is available (Linux); otherwise <see cref="Seconds"/> is wall time.</summary>
    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux();

    /// <summary>The current reading in seconds (only differences are meaningful).</summary>
    public static double Seconds()
    {
        if (!IsThreadCpuTime) return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        _ = ClockGetTime(ClockThreadCpuTimeId, out var t);
        return t.Seconds + 1e-9 * t.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
