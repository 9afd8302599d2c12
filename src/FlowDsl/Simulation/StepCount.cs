namespace FlowDsl.Simulation;

/// <summary>Validates the learning rate α and the horizon T, and returns N = T/α (math.md §0.1: α = T/N exactly).</summary>
public static class StepCount
{
    /// <summary>
    /// N = T/α. Throws when α or T is not a positive finite number or when T/α is not an integer within 1e-9.
    /// </summary>
    public static int For(double alpha, double horizon)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The learning rate α must be a positive finite number.");
        if (!double.IsFinite(horizon) || horizon <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon T must be a positive finite number.");
        var ratio = horizon / alpha;
        var n = Math.Round(ratio);
        if (Math.Abs(ratio - n) > 1e-9 * Math.Max(1.0, ratio))
            throw new ArgumentException(
                $"The horizon T = {horizon} is not an integer multiple of the learning rate α = {alpha} (T/α = {ratio:R}); " +
                "SGD iterate N lives at time Nα, so choose α = T/N with N an integer (math.md §0.1).", nameof(alpha));
        if (n > int.MaxValue / 64)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"T/α = {n} steps is too many.");
        return (int)n;
    }
}
