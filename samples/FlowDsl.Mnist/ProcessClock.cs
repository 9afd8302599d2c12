using System.Diagnostics;

namespace FlowDsl.Mnist;

/// <summary>Wall time since this process started (runtime start-up, JIT and data loading included) and its CPU time.</summary>
public static class ProcessClock
{
    private static readonly DateTime Start = Process.GetCurrentProcess().StartTime;

    /// <summary>Wall seconds since the process started (the operating system's start time, ~10 ms resolution).</summary>
    public static double WallSeconds => (DateTime.Now - Start).TotalSeconds;

    /// <summary>CPU seconds of the whole process so far (every thread, the JIT's included).</summary>
    public static double CpuSeconds => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
