namespace FlowDsl.IntegrationTests.Package;

/// <summary>
/// A fresh console project outside the repository that references the FlowDsl package by version, as a user's
/// project would: its own nuget.config (the test feed for FlowDsl, nuget.org for the rest), no repository props,
/// warnings as errors, nullable on, XML docs on, generated files written to obj/ for inspection.
/// </summary>
public sealed class ConsumerProject
{
    /// <summary>Build settings of every consumer; every constant here is something a user would meet.</summary>
    public const string TargetFramework = "net10.0";
    public const string Configuration = "Release";

    private readonly IReadOnlyDictionary<string, string> _environment;

    private ConsumerProject(string directory, string name, IReadOnlyDictionary<string, string> environment)
    {
        Directory = directory;
        Name = name;
        _environment = environment;
    }

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project (and assembly) name.</summary>
    public string Name { get; }

    /// <summary>Where the compiler writes generated sources (EmitCompilerGeneratedFiles).</summary>
    public string GeneratedDirectory => Path.Combine(Directory, "obj", Configuration, TargetFramework, "generated");

    /// <summary>The SARIF 2.1 log of the compiler's diagnostics, with each rule's help link.</summary>
    public string ErrorLog => Path.Combine(Directory, "diagnostics.sarif");

    /// <summary>
    /// Writes the project into <paramref name="directory"/>: every <c>*.cs.txt</c> in <paramref name="sourceFolder"/>
    /// becomes a <c>.cs</c> file next to a csproj that references FlowDsl <paramref name="version"/> from <paramref name="feed"/>.
    /// </summary>
    /// <param name="packages">The NuGet packages folder for this consumer (a temporary one: the test version never reaches the machine cache).</param>
    /// <param name="properties">Extra MSBuild properties for the project file (for example generator options).</param>
    public static ConsumerProject Create(
        string directory, string name, string sourceFolder, string feed, string version, string packages,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var source in System.IO.Directory.GetFiles(sourceFolder, "*.cs.txt"))
            File.Copy(source, Path.Combine(directory, Path.GetFileName(source)[..^".txt".Length]));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), ProjectFile(version, properties ?? new Dictionary<string, string>()));
        File.WriteAllText(Path.Combine(directory, "nuget.config"), NuGetConfig(feed, packages));
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        return new ConsumerProject(directory, name, environment);
    }

    /// <summary><c>dotnet build -c Release</c>, restoring first, as a user types it.</summary>
    public Task<CommandResult> BuildAsync() =>
        DotNetCli.RunAsync(Directory, _environment, "build", "-c", Configuration, "-nodeReuse:false", "-tl:off", "-v:minimal");

    /// <summary>Runs the built program (<c>dotnet bin/Release/net10.0/Name.dll</c>).</summary>
    public Task<CommandResult> RunAsync() =>
        DotNetCli.RunAsync(Directory, _environment, Path.Combine("bin", Configuration, TargetFramework, Name + ".dll"));

    /// <summary>Every generated file, relative to <see cref="GeneratedDirectory"/>, with '/' separators.</summary>
    public IReadOnlyList<string> GeneratedFiles() =>
        System.IO.Directory.Exists(GeneratedDirectory)
            ? System.IO.Directory.GetFiles(GeneratedDirectory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(GeneratedDirectory, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    // NuGetAudit is off: it downloads advisories for MathNet/Tensors on every restore, which breaks offline runs and
    // would fail this FlowDsl test on news about another package (warnings are errors here).
    private static string ProjectFile(string version, IReadOnlyDictionary<string, string> properties) => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>{{TargetFramework}}</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <WarningLevel>9999</WarningLevel>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            <ErrorLog>$(MSBuildProjectDirectory)/diagnostics.sarif,version=2.1</ErrorLog>
            <UseAppHost>false</UseAppHost>
            <NuGetAudit>false</NuGetAudit>
        {{string.Concat(properties.Select(p => $"    <{p.Key}>{p.Value}</{p.Key}>\n"))}}  </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="FlowDsl" Version="[{{version}}]" />
          </ItemGroup>
        </Project>
        """;

    // FlowDsl may only come from the test feed (package source mapping), so a package of the same name elsewhere can
    // never be picked up; its dependencies come from nuget.org, or from the machine cache without a download.
    private static string NuGetConfig(string feed, string packages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{packages}" />
          </config>
          <packageSources>
            <clear />
            <add key="flowdsl-under-test" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="flowdsl-under-test">
              <package pattern="FlowDsl" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
          <fallbackPackageFolders>
            <clear />
            <add key="machine-cache" value="{TestEnvironment.MachinePackageCache}" />
          </fallbackPackageFolders>
        </configuration>
        """;
}
