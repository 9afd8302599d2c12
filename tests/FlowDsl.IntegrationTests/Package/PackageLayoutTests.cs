using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace FlowDsl.IntegrationTests.Package;

/// <summary>The one FlowDsl package: what it holds, what it depends on, which compiler its generator needs.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests(PackedFlowDsl package, ITestOutputHelper output)
{
    private const string Generator = "analyzers/dotnet/cs/FlowDsl.Generators.dll";
    private const string SymbolicCore = "analyzers/dotnet/cs/FlowDsl.Symbolic.dll";

    [Fact]
    public void Package_holds_the_runtime_with_its_docs_and_the_generator_with_its_symbolic_core()
    {
        output.WriteLine($"pack {package.Pack.Elapsed.TotalSeconds:F1} s, valid consumer build {package.ValidBuild.Elapsed.TotalSeconds:F1} s, " +
                         $"run {package.ValidRun?.Elapsed.TotalSeconds:F1} s, invalid consumer build {package.InvalidBuild.Elapsed.TotalSeconds:F1} s, " +
                         $"fixture total {package.Elapsed.TotalSeconds:F1} s");
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net10.0/FlowDsl.dll", files);
        Assert.Contains("lib/net10.0/FlowDsl.xml", files);
        Assert.Contains(Generator, files);
        Assert.Contains(SymbolicCore, files);
        Assert.Contains("PACKAGE.md", files);
        Assert.Contains("build/FlowDsl.props", files);
        Assert.Contains("buildTransitive/FlowDsl.props", files);
        // No other assembly: Roslyn comes from the user's compiler, MathNet and Tensors from their own packages.
        Assert.Equal(
            ["analyzers/dotnet/cs/FlowDsl.Generators.dll", "analyzers/dotnet/cs/FlowDsl.Symbolic.dll", "lib/net10.0/FlowDsl.dll"],
            files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nuspec_has_the_metadata_and_only_the_runtime_dependencies_at_the_centrally_pinned_versions()
    {
        var metadata = Nuspec().Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal("FlowDsl", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", metadata.Elements().Single(e => e.Name.LocalName == "license").Attribute("type")?.Value);
        Assert.Equal("PACKAGE.md", Value("readme"));
        Assert.NotEmpty(Value("description"));
        Assert.NotEmpty(Value("authors"));
        Assert.Contains("source-generator", Value("tags").Split(' '));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName is "repository" or "projectUrl");

        var groups = metadata.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        var group = Assert.Single(groups);
        Assert.Equal("net10.0", group.Attribute("targetFramework")?.Value);
        var dependencies = group.Elements()
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        var pinned = CentralPackageVersions();
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MathNet.Numerics"] = pinned["MathNet.Numerics"],
                ["System.Numerics.Tensors"] = pinned["System.Numerics.Tensors"],
            },
            dependencies);
    }

    [Fact]
    public void Generator_is_netstandard2_0_and_needs_no_newer_compiler_than_Roslyn_4_8()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var generator = References(zip, Generator);
        var symbolic = References(zip, SymbolicCore);

        // A generator compiled against a newer Roslyn than the user's compiler is refused (CS9057) and silently generates nothing.
        var roslyn = Assert.Single(generator.References, r => r.Name == "Microsoft.CodeAnalysis.CSharp");
        Assert.True(roslyn.Version <= new Version(4, 8, 0, 0), $"FlowDsl.Generators references Microsoft.CodeAnalysis.CSharp {roslyn.Version}; the pin is 4.8.0.");
        Assert.Contains(generator.References, r => r.Name == "FlowDsl.Symbolic");
        Assert.DoesNotContain(symbolic.References, r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.Equal(".NETStandard,Version=v2.0", generator.TargetFramework);
        Assert.Equal(".NETStandard,Version=v2.0", symbolic.TargetFramework);
    }

    private XDocument Nuspec()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var stream = zip.GetEntry("FlowDsl.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The versions in Directory.Packages.props: the package must depend on exactly what the build used.</summary>
    private static Dictionary<string, string> CentralPackageVersions() =>
        XDocument.Load(Path.Combine(TestEnvironment.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);

    private static (List<(string Name, Version Version)> References, string? TargetFramework) References(ZipArchive zip, string entry)
    {
        using var memory = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open()) stream.CopyTo(memory);
        memory.Position = 0;
        using var pe = new PEReader(memory);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences
            .Select(h => reader.GetAssemblyReference(h))
            .Select(r => (reader.GetString(r.Name), r.Version))
            .ToList();
        return (references, TargetFrameworkOf(reader));
    }

    /// <summary>The argument of the assembly's [TargetFramework("…")] attribute.</summary>
    private static string? TargetFrameworkOf(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) continue;
            if (reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) != "TargetFrameworkAttribute") continue;
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog 0x0001
            return blob.ReadSerializedString();
        }
        return null;
    }
}
