using FlowDsl.MeanField;

namespace FlowDsl.Study.App;

/// <summary>A configured study, ready to run whole, as one shard (a range of its paths), or as the merge of its shards.</summary>
public interface IStudyJob
{
    /// <summary>The whole study in this process.</summary>
    WeakErrorResult Run();

    /// <summary>Only the paths <paramref name="range"/>: a part for <see cref="Merge"/>.</summary>
    StudyPart RunPart(PathRange range);

    /// <summary>The result of <see cref="Run"/>, bit for bit, from parts covering every path once.</summary>
    WeakErrorResult Merge(IReadOnlyList<StudyPart> parts);
}

/// <summary>A weak-error study (<see cref="WeakErrorStudy{TModel}"/>): every mode.</summary>
public sealed class WeakErrorJob<TModel>(WeakErrorStudy<TModel> study) : IStudyJob where TModel : IRiskModel
{
    /// <inheritdoc/>
    public WeakErrorResult Run() => study.Run();

    /// <inheritdoc/>
    public StudyPart RunPart(PathRange range) => study.RunPart(range);

    /// <inheritdoc/>
    public WeakErrorResult Merge(IReadOnlyList<StudyPart> parts) => study.Merge(parts);
}

/// <summary>A mean-field study (<see cref="MeanFieldOrderStudy{TModel}"/>): runs whole only; sharding it is refused in one line.</summary>
public sealed class MeanFieldJob<TModel>(MeanFieldOrderStudy<TModel> study, string key) : IStudyJob where TModel : IMeanFieldModel
{
    /// <inheritdoc/>
    public WeakErrorResult Run() => study.Run();

    /// <inheritdoc/>
    public StudyPart RunPart(PathRange range) => throw NotShardable();

    /// <inheritdoc/>
    public WeakErrorResult Merge(IReadOnlyList<StudyPart> parts) => throw NotShardable();

    private ArgumentException NotShardable() => new(
        $"study '{key}' is a mean-field study, which cannot be sharded (only weak-error studies can); leave it out with --studies, e.g. --studies ou regression.");
}
