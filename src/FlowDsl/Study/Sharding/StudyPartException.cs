namespace FlowDsl.Study;

/// <summary>
/// A set of <see cref="StudyPart"/>s that cannot be merged (another configuration or code version, overlapping or
/// missing paths, a damaged file). The message is one line naming the part; nothing is merged.
/// </summary>
public sealed class StudyPartException(string message) : ArgumentException(message);
