namespace FlowDsl.IntegrationTests.Study;

/// <summary>Tests that redirect <see cref="Console"/> or run whole programs: never in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console programs";
}

/// <summary>Locates files of the repository from the test assembly's stamped metadata.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
