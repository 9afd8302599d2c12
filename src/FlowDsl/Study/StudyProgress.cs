namespace FlowDsl.Study;

/// <summary>Progress of a running <see cref="WeakErrorStudy{TModel}"/>: one unit per (α-level, continuous model).</summary>
/// <param name="RiskModel">The risk model's name.</param>
/// <param name="Model">The continuous model just finished (e.g. "SMF-2").</param>
/// <param name="Alpha">The α-level it ran at.</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in the whole study.</param>
public sealed record StudyProgress(string RiskModel, string Model, double Alpha, int Done, int Total);
