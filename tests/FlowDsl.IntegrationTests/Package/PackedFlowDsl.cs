namespace FlowDsl.IntegrationTests.Package;

/// <summary>
/// The FlowDsl package packed once from the working tree under test, and the two consumer projects built against it
/// (a valid model, built and run; an invalid one, whose build must fail). Everything lives in one temporary folder
/// outside the repository, deleted at the end.
/// </summary>
/// <remarks>
/// The pack uses a unique prerelease version (no NuGet cache can hold a stale copy) and runs in the configuration the
/// tests were built in, so it is an incremental build of exactly the sources under test. The consumers restore into a
/// temporary packages folder, reading the machine cache only as a fallback, so nothing outside the temporary folder
/// changes. The two consumer builds run concurrently.
/// </remarks>
public sealed class PackedFlowDsl : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flowdsl-package-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The version the package is packed with: 0.1.0-test-yyyyMMddHHmmssfff.</summary>
    public string Version { get; } = $"0.1.0-test-{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    /// <summary>The FlowDslNodeBudget of the invalid consumer: small enough that OverBudget.cs exceeds it.</summary>
    public const int NodeBudget = 12;

    /// <summary>The folder the package is packed into: the consumers' only source for FlowDsl.</summary>
    public string Feed => Path.Combine(_root, "feed");

    /// <summary>The packed .nupkg.</summary>
    public string PackagePath => Path.Combine(Feed, $"FlowDsl.{Version}.nupkg");

    /// <summary><c>dotnet pack src/FlowDsl</c>.</summary>
    public CommandResult Pack { get; private set; } = null!;

    /// <summary>The consumer with two valid models and a program that checks them.</summary>
    public ConsumerProject Valid { get; private set; } = null!;

    /// <summary>
    /// The consumer with two invalid models: a <c>for</c> loop in a risk, and a risk whose derivatives exceed the
    /// project's <c>FlowDslNodeBudget</c> (an option the package's build props hand to the generator).
    /// </summary>
    public ConsumerProject Invalid { get; private set; } = null!;

    /// <summary><c>dotnet build</c> of <see cref="Valid"/>.</summary>
    public CommandResult ValidBuild { get; private set; } = null!;

    /// <summary>The run of <see cref="Valid"/>, or <c>null</c> when its build failed.</summary>
    public CommandResult? ValidRun { get; private set; }

    /// <summary><c>dotnet build</c> of <see cref="Invalid"/>.</summary>
    public CommandResult InvalidBuild { get; private set; } = null!;

    /// <summary>Wall-clock time of the whole fixture (pack, both builds, the run).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var repository = Path.GetFullPath(TestEnvironment.RepositoryRoot);
        if (Path.GetFullPath(_root).StartsWith(repository, StringComparison.Ordinal))
            throw new InvalidOperationException($"The temporary folder {_root} is inside the repository {repository}: its Directory.Build.props would leak into the consumers. Point TMPDIR elsewhere.");
        Directory.CreateDirectory(_root);
        WriteImportGuards(_root);

        Pack = await DotNetCli.RunAsync(repository, new Dictionary<string, string>(),
            "pack", Path.Combine("src", "FlowDsl", "FlowDsl.csproj"), "-c", TestEnvironment.Configuration, "--no-restore",
            "-o", Feed, $"-p:PackageVersion={Version}", $"-p:NuspecOutputPath={Path.Combine(_root, "nuspec")}{Path.DirectorySeparatorChar}",
            "-nodeReuse:false", "-tl:off", "-v:minimal");
        if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
            throw new InvalidOperationException($"dotnet pack did not produce {PackagePath}:\n{Pack}");

        var packages = Path.Combine(_root, "packages");
        Valid = ConsumerProject.Create(Path.Combine(_root, "Logistic"), "Logistic",
            Path.Combine(TestEnvironment.ConsumerSources, "Logistic"), Feed, Version, packages);
        Invalid = ConsumerProject.Create(Path.Combine(_root, "InvalidModels"), "InvalidModels",
            Path.Combine(TestEnvironment.ConsumerSources, "InvalidModels"), Feed, Version, packages,
            new Dictionary<string, string> { ["FlowDslNodeBudget"] = NodeBudget.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var validBuild = Valid.BuildAsync();
        var invalidBuild = Invalid.BuildAsync();
        ValidBuild = await validBuild;
        ValidRun = ValidBuild.ExitCode == 0 ? await Valid.RunAsync() : null;
        InvalidBuild = await invalidBuild;
        Elapsed = clock.Elapsed;
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("FLOWDSL_KEEP_PACKAGE_TESTS") != "1")
        {
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless; never fail a test on cleanup */ }
            catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Empty Directory.Build.props/targets, Directory.Packages.props and a root .editorconfig at the top of the
    /// temporary folder: MSBuild and the compiler stop looking upward here, so nothing above (for instance in /tmp)
    /// can change the consumers' build.
    /// </summary>
    private static void WriteImportGuards(string root)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(root, file), "<Project />\n");
        File.WriteAllText(Path.Combine(root, ".editorconfig"), "root = true\n");
    }
}

/// <summary>The package tests share one <see cref="PackedFlowDsl"/>: one pack, one build per consumer.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedFlowDsl>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "FlowDsl package";
}
