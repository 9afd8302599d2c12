namespace FlowDsl.Simd;

/// <summary>Argument checks shared by the fused runners.</summary>
internal static class LaneRunChecks
{
    public static void LearningRate(double α)
    {
        if (!(α > 0) || !double.IsFinite(α))
            throw new ArgumentOutOfRangeException(nameof(α), α, "The learning rate α must be positive and finite.");
    }

    public static void StepSize(double h)
    {
        if (!(h > 0) || !double.IsFinite(h))
            throw new ArgumentOutOfRangeException(nameof(h), h, "The step size h must be positive and finite.");
    }
}
