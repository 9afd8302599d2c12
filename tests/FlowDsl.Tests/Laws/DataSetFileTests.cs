using FlowDsl.Data;

namespace FlowDsl.Tests.Laws;

public sealed class DataSetFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flowdsl-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsAtomsWithEqualWeights()
    {
        var path = Write("plain.csv", "# comment\n1.5, 2\n\n-3,4e-1\n");
        var law = Law.EmpiricalFromFile(path);
        Assert.Equal(2, law.Count);
        Assert.Equal([1.5, 2.0], law.Atom(0));
        Assert.Equal([-3.0, 0.4], law.Atom(1));
        Assert.Equal(0.5, law.Probability(1));
    }

    [Fact]
    public void ReadsAWeightColumnAndAHeader()
    {
        var path = Write("weighted.tsv", "x;w;y\n1;3;2\n5;1;6\n");
        var law = Law.EmpiricalFromFile(path, new DataSetFileOptions { Separator = ';', HasHeader = true, WeightColumn = 1 });
        Assert.Equal([1.0, 2.0], law.Atom(0));
        Assert.Equal([5.0, 6.0], law.Atom(1));
        Assert.Equal(0.75, law.Probability(0));
    }

    [Theory]
    [InlineData("1,2\n3\n", "line 2: 1 columns, but the first data line has 2")]
    [InlineData("1,2\n3,abc\n", "line 2: column 1 is 'abc', not a number")]
    [InlineData("1,NaN\n", "line 1: column 1 is NaN, not finite")]
    [InlineData("# only a comment\n", "no data lines")]
    public void ErrorsNameTheFileTheLineAndTheProblem(string text, string expected)
    {
        var path = Write("bad.csv", text);
        var error = Assert.Throws<InvalidDataException>(() => Law.EmpiricalFromFile(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void WeightErrorsAreNamed()
    {
        var negative = Write("negative.csv", "1,0.5\n2,-1\n");
        Assert.Contains("line 2: the weight (column 1) is -1", Assert.Throws<InvalidDataException>(() =>
            Law.EmpiricalFromFile(negative, new DataSetFileOptions { WeightColumn = 1 })).Message);
        var missing = Write("missing.csv", "1,0.5\n");
        Assert.Contains("weight column 4 does not exist", Assert.Throws<InvalidDataException>(() =>
            Law.EmpiricalFromFile(missing, new DataSetFileOptions { WeightColumn = 4 })).Message);
        Assert.Throws<FileNotFoundException>(() => Law.EmpiricalFromFile(Path.Combine(_directory, "absent.csv")));
    }
}
