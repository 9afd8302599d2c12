using System.IO.Compression;
using FlowDsl.Digits.Evaluation;

namespace FlowDsl.Digits.Tests.Reading;

/// <summary>The reader of scikit-learn's digits.csv.gz, on small files written here.</summary>
public sealed class UciOpticalDigitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flowdsl-uci-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Reads_counts_as_ink_fractions_and_the_label()
    {
        var path = Write("digits.csv.gz", Line(7, i => i % 17), Line(0, _ => 16));
        var digits = UciOpticalDigits.Read(path);
        Assert.Equal(2, digits.Count);
        Assert.Equal(7, digits[0].Label);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => i % 17 / 16.0), digits[0].Ink);
        Assert.All(digits[1].Ink, v => Assert.Equal(1.0, v));
    }

    [Theory]
    [InlineData("1,2,3", "line 1: 3 fields, expected 65.")]
    [InlineData("BAD", "line 1: 1 fields, expected 65.")]
    public void A_malformed_line_is_named(string line, string message)
    {
        var path = Write("bad.csv.gz", line);
        var e = Assert.Throws<InvalidDataException>(() => UciOpticalDigits.Read(path));
        Assert.Equal($"{path}, {message}", e.Message);
    }

    [Fact]
    public void Counts_and_labels_out_of_range_are_named()
    {
        var path = Write("range.csv.gz", Line(3, i => i == 5 ? 17 : 0));
        Assert.Equal($"{path}, line 1: pixel 5 is 17, outside 0–16.", Assert.Throws<InvalidDataException>(() => UciOpticalDigits.Read(path)).Message);
        path = Write("label.csv.gz", Line(10, _ => 0));
        Assert.Equal($"{path}, line 1: the label is 10, not a digit.", Assert.Throws<InvalidDataException>(() => UciOpticalDigits.Read(path)).Message);
    }

    private static string Line(int label, Func<int, int> count) => string.Join(",", Enumerable.Range(0, 64).Select(count).Append(label));

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip);
        foreach (var line in lines) writer.WriteLine(line);
        return path;
    }
}
