namespace FlowDsl.MeanField;

/// <summary>Argument checks shared by the mean-field models.</summary>
internal static class MeanFieldChecks
{
    public static void Alpha(double alpha)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The learning rate α must be a finite number > 0.");
    }

    public static void Substeps(int substeps)
    {
        if (substeps < 1)
            throw new ArgumentOutOfRangeException(nameof(substeps), substeps, "The number of solver steps per α must be ≥ 1 (h = α/substeps).");
    }
}
