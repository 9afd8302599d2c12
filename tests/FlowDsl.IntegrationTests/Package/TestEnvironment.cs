using System.Reflection;

namespace FlowDsl.IntegrationTests.Package;

/// <summary>Where the repository and this test's sources are, and which configuration this test assembly was built in.</summary>
internal static class TestEnvironment
{
    private static readonly Assembly s_assembly = typeof(TestEnvironment).Assembly;

    /// <summary>The repository root (recorded at build time by eng/TestProject.props).</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>tests/FlowDsl.IntegrationTests/Package/Consumers: the user code the consumer projects are made from.</summary>
    public static string ConsumerSources => Path.Combine(Metadata("ProjectDirectory"), "Package", "Consumers");

    /// <summary>Debug or Release: the package is packed in the configuration the tests were built in, so the pack is incremental.</summary>
    public static string Configuration =>
        s_assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute.");

    /// <summary>The machine's NuGet package cache; consumers read it as a fallback folder and never write to it.</summary>
    public static string MachinePackageCache =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Metadata(string key) =>
        s_assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no AssemblyMetadata '{key}' (see eng/TestProject.props).");
}
