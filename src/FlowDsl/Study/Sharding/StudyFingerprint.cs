using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace FlowDsl.Study;

/// <summary>
/// Fingerprints of a study part: the code (assembly versions and module version ids — with deterministic builds the MVID
/// is a hash of the compiled assembly, so the same source and compiler give the same id on every machine) and the
/// configuration (SHA-256 of its sorted name = value lines).
/// </summary>
public static class StudyFingerprint
{
    /// <summary>
    /// "FlowDsl 0.1.0; code 1a2b…": the FlowDsl version and SHA-256 over the names and MVIDs of FlowDsl and
    /// <paramref name="assemblies"/> (the model's, the observables'), in name order.
    /// </summary>
    public static string Code(IEnumerable<Assembly> assemblies)
    {
        var flowDsl = typeof(StudyFingerprint).Assembly;
        var lines = assemblies.Append(flowDsl).Distinct()
            .Select(a => $"{a.GetName().Name} {a.GetName().Version} {a.ManifestModule.ModuleVersionId:N}")
            .Order(StringComparer.Ordinal);
        var version = flowDsl.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? flowDsl.GetName().Version?.ToString() ?? "?";
        return $"FlowDsl {version}; code {Hash(string.Join("\n", lines))}";
    }

    /// <summary>SHA-256 (hex) of the sorted "name = value" lines of <paramref name="configuration"/>.</summary>
    public static string Configuration(IReadOnlyDictionary<string, string> configuration) =>
        Hash(string.Join("\n", configuration.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value}")));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
