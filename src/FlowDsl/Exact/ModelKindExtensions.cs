namespace FlowDsl.Exact;

/// <summary>Helpers on <see cref="ModelKind"/>.</summary>
public static class ModelKindExtensions
{
    /// <summary>1 for the first-order models (SME-1, SMF-1, independent SME-1), 2 for the corrected ones, 0 for SGD.</summary>
    public static int Order(this ModelKind model) => model switch
    {
        ModelKind.Sgd => 0,
        ModelKind.Sme1 or ModelKind.Smf1 or ModelKind.IndependentSme1 => 1,
        ModelKind.Sme2 or ModelKind.Smf2 or ModelKind.IndependentSme2 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model kind."),
    };
}
