namespace FlowDsl.Generators;

/// <summary>The names of the tracked pipeline steps (for incremental-caching tests).</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Differentiate = nameof(Differentiate);
    public const string Schedule = nameof(Schedule);
    public const string Emit = nameof(Emit);

    /// <summary>Every tracked step.</summary>
    public static readonly string[] All = [Options, Parse, Diagnostics, Models, Differentiate, Schedule, Emit];
}
