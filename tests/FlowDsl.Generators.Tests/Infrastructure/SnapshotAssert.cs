using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace FlowDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot baselines in Verify's convention, without Verify: <c>Snapshots/&lt;TestClass&gt;/&lt;TestName&gt;/&lt;HintName&gt;.verified.cs.txt</c>.
/// A mismatch writes <c>*.received.cs.txt</c> beside the baseline and fails with a diff; a missing baseline fails too;
/// <c>FLOWDSL_UPDATE_SNAPSHOTS=1</c> rewrites the baselines (and deletes stale ones). Line endings and the generator
/// version are normalised.
/// </summary>
internal static partial class SnapshotAssert
{
    private const string UpdateVariable = "FLOWDSL_UPDATE_SNAPSHOTS";

    /// <summary>Compares the set of generated files and each file's text with the baselines of <paramref name="testClass"/>/<paramref name="testName"/>.</summary>
    public static void Matches(IReadOnlyDictionary<string, string> generated, string testClass, string testName)
    {
        var folder = Path.Combine(GeneratorHarness.ProjectDirectory, "Snapshots", testClass, testName);
        var update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        var expectedFiles = generated.Keys.Select(h => h + ".verified.cs.txt").ToHashSet(StringComparer.Ordinal);

        if (update)
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder, "*.verified.cs.txt").Where(f => !expectedFiles.Contains(Path.GetFileName(f))))
                File.Delete(stale);
        }

        var failures = new StringBuilder();
        if (Directory.Exists(folder))
        {
            foreach (var extra in Directory.GetFiles(folder, "*.verified.cs.txt").Select(Path.GetFileName).Where(f => !expectedFiles.Contains(f!)))
                failures.AppendLine($"The baseline {extra} has no generated file (the generator no longer emits it).");
        }

        foreach (var (hint, text) in generated.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var actual = Normalize(text);
            var verified = Path.Combine(folder, hint + ".verified.cs.txt");
            var received = Path.Combine(folder, hint + ".received.cs.txt");
            if (update)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }
            if (!File.Exists(verified))
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(received, actual);
                failures.AppendLine($"Missing baseline {verified}; the output was written to {received}. Review it and rerun with {UpdateVariable}=1.");
                continue;
            }
            var expected = Normalize(File.ReadAllText(verified));
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }
            File.WriteAllText(received, actual);
            failures.AppendLine($"{hint} differs from {verified} (received: {received}):");
            failures.AppendLine(Diff(expected, actual));
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    /// <summary>"\r\n" → "\n"; the generator's version → "%VERSION%".</summary>
    public static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n"), "GeneratedCode(\"FlowDsl.Generators\", \"%VERSION%\")");

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var text = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < diff.Lines.Count && shown < 40; i++)
        {
            var line = diff.Lines[i];
            if (line.Type == ChangeType.Unchanged) continue;
            text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?").Append(": ").AppendLine(line.Text);
            shown++;
        }
        return text.ToString();
    }

    [GeneratedRegex("GeneratedCode\\(\"FlowDsl\\.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();
}
