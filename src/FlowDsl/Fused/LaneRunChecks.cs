using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>Argument checks shared by the fused runners.</summary>
internal static class LaneRunChecks
{
    public static void LearningRate(double α)
    {
        if (!(α > 0) || !double.IsFinite(α))
            throw new ArgumentOutOfRangeException(nameof(α), α, "The learning rate α must be positive and finite.");
    }

    /// <summary>
    /// The length <paramref name="count"/>·<paramref name="width"/> of a per-step buffer, computed in 64 bits: refused when
    /// it exceeds the largest array or the memory available (with the estimate), never wrapped around in <c>int</c>.
    /// </summary>
    public static int BufferLength(int count, int width, string what)
    {
        var length = (long)count * width;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"{what}: {count}·{width} = {length} numbers exceed the largest array ({Array.MaxLength}); use fewer steps per call.");
        Simulation.MemoryBudget.Require(8.0 * length, $"{what} ({count}·{width} numbers)", "use fewer steps per call");
        return (int)length;
    }

    public static void StepSize(double h)
    {
        if (!(h > 0) || !double.IsFinite(h))
            throw new ArgumentOutOfRangeException(nameof(h), h, "The step size h must be positive and finite.");
    }
}
