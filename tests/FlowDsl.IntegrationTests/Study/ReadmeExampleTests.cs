using System.Text.RegularExpressions;

namespace FlowDsl.IntegrationTests.Study;

/// <summary>
/// The README's "Write your own model" block is exactly samples/FlowDsl.ReadmeExample/Program.cs, which the real
/// compiler builds with the real generator (this project references it) and this test runs.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReadmeExampleTests
{
    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";

    [Fact]
    public void ReadmeBlockIsTheCompiledExample()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var match = Regex.Match(readme, @"<!-- README-EXAMPLE:BEGIN -->\r?\n```csharp\r?\n(.*?)```\r?\n<!-- README-EXAMPLE:END -->", RegexOptions.Singleline);
        Assert.True(match.Success, "README.md has no README-EXAMPLE block");
        var program = File.ReadAllText(Repository.File("samples", "FlowDsl.ReadmeExample", "Program.cs"));
        Assert.Equal(Normalize(program), Normalize(match.Groups[1].Value));
    }

    [Fact]
    public void ReadmeExampleRunsAndPrintsTheStudy()
    {
        var entry = typeof(Pendulum).Assembly.EntryPoint!;
        var saved = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(saved);
        }
        var text = capture.ToString();
        Assert.Contains("SMF-2", text);
        Assert.Contains("sin x", text);
        // R(1, ½) = 1 − cos ½ and ∇R = sin ½, independently of the generator.
        Assert.Contains($"R = {1 - Math.Cos(0.5):F6}, ∇R = {Math.Sin(0.5):F6}", text);
    }
}
