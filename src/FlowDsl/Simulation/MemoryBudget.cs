using System.Globalization;

namespace FlowDsl.Simulation;

/// <summary>
/// Refuses a configuration up front when the memory it needs cannot be had: the estimate is compared with what the GC
/// may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: physical memory or the container limit), so a run that
/// would end in <see cref="OutOfMemoryException"/> hours later fails at once with numbers the user can act on.
/// </summary>
public static class MemoryBudget
{
    /// <summary>The bytes the process may use (the GC's view: physical memory or the container's limit).</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The bytes a study keeps: every per-path value it stores plus two ensembles in flight,
    /// 8·paths·(levels·valuesPerPath + 2·points·d), computed in floating point so it cannot overflow.
    /// </summary>
    public static double StudyBytes(long paths, int levels, int valuesPerPathAndLevel, int points, int dimension) =>
        8.0 * paths * ((double)levels * valuesPerPathAndLevel + 2.0 * points * dimension);

    /// <summary>Throws <see cref="InsufficientMemoryException"/> naming <paramref name="what"/>, the estimate and the memory available when <paramref name="bytes"/> exceeds it.</summary>
    public static void Require(double bytes, string what, string remedy)
    {
        var available = Available;
        if (bytes <= available) return;
        throw new InsufficientMemoryException(
            $"{what} needs about {Format(bytes)}, but only {Format(available)} is available; {remedy}.");
    }

    /// <summary>Bytes in B, KB, MB, GB or TB (powers of 1024), three significant digits.</summary>
    public static string Format(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return bytes.ToString(u == 0 ? "0" : "G3", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
