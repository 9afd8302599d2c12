namespace FlowDsl.Study.App;

/// <summary>One study of the main job: a model, its observables and the continuous models compared with SGD.</summary>
/// <param name="Key">The command-line name.</param>
/// <param name="Title">A one-line title for tables and plots.</param>
/// <param name="Description">What it shows, for <c>--help</c> and the report.</param>
/// <param name="Run">Runs it with the given settings, reporting progress.</param>
public sealed record BuiltInStudy(string Key, string Title, string Description, Func<StudySettings, Action<StudyProgress>?, WeakErrorResult> Run);

/// <summary>Applies the command-line settings shared by every study.</summary>
internal static class StudyConfigurationExtensions
{
    public static WeakErrorStudy<TModel> With<TModel>(this WeakErrorStudy<TModel> study, StudySettings s, Action<StudyProgress>? progress)
        where TModel : IRiskModel
    {
        study.Ladder(s.Horizon, [.. s.Steps]).Paths(s.Paths).Seed(s.Seed).Threads(s.Threads)
             .Scheme(s.Scheme, s.Substeps).SolverCheck(s.SolverCheck).Bootstrap(s.Bootstrap);
        if (progress is not null) study.OnProgress(progress);
        return study;
    }
}
