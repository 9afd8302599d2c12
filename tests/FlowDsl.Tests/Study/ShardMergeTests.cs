using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using FlowDsl.Exact;
using FlowDsl.Models;
using FlowDsl.Simulation;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Study;

/// <summary>
/// Sharding (issue 18): parts computed over path ranges and merged give the single run's numbers bit for bit, and a
/// merge refuses parts that do not belong together. (The same across separate processes: StudyShardProcessTests.)
/// </summary>
public sealed class ShardMergeTests(ITestOutputHelper output)
{
    /// <summary>Simulated SGD with surrogate control variates, the h/2 solver check and the bootstrap: every per-path array a part carries.</summary>
    private static WeakErrorStudy<LinearRegression> Regression() =>
        WeakErrorStudy.For<LinearRegression>()
            .StartingPoints([1.0, 1.0])
            .Observable("|x|²", x => x[0] * x[0] + x[1] * x[1])
            .Models(ContinuousModel.Sme1, ContinuousModel.Sme2)
            .Ladder(1, 4, 8, 16)
            .Paths(1_000)
            .Bootstrap(40)
            .Threads(2);

    /// <summary>Exact E f(SGD) with coupled SGD as control variate, model-side control variates and antithetic pairs.</summary>
    private static WeakErrorStudy<Quadratic> Ou() =>
        WeakErrorStudy.For<Quadratic>()
            .StartingPoints([1.0, 0.5, -0.5])
            .Observable(Observable.Quadratic("|x|²", QuadraticFunction.SquaredDistance(new double[3])))
            .Models(ContinuousModel.Sme1, ContinuousModel.Smf2)
            .ModelControlVariates()
            .Ladder(1, 4, 8, 16)
            .Paths(1_200)
            .Antithetic()
            .Bootstrap(40)
            .Threads(1);

    [Fact]
    public void FourPartsOfARegressionStudyMergeToTheSingleRunBitForBit()
    {
        var single = Regression().Run();
        var parts = Enumerable.Range(0, 4).Select(i => Regression().RunPart(PathRange.Shard(i, 4, 1_000, antithetic: false))).ToList();
        parts.Reverse(); // the merge orders parts by path, not by arrival
        var merged = Regression().Merge(parts);
        output.WriteLine(single.ToString());
        Assert.Equal(Numbers(single), Numbers(merged));
        Assert.Equal(single.Orders.Select(o => o.Pass), merged.Orders.Select(o => o.Pass));
        Assert.Equal(single.Configuration.Paths, merged.Configuration.Paths);
    }

    [Fact]
    public void UnevenPartsOfAnAntitheticOuStudyWrittenToJsonMergeToTheSingleRunBitForBit()
    {
        var single = Ou().Run();
        // Uneven ranges, one of them inside the h/2 check's first 500 paths and one straddling its end.
        var ranges = new[] { new PathRange(0, 200), new PathRange(200, 610), new PathRange(610, 1_200) };
        var folder = Directory.CreateTempSubdirectory("flowdsl-parts-").FullName;
        try
        {
            var files = ranges.Select((r, i) =>
            {
                var file = Path.Combine(folder, $"part-{i}.json");
                Ou().Threads(2).RunPart(r).Write(file); // the thread count is not part of the configuration
                return file;
            }).ToList();
            var merged = Ou().Merge(files.Select(StudyPart.Read));
            Assert.Equal(Numbers(single), Numbers(merged));
            Assert.True(merged.AllPass == single.AllPass);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void ShardsTileEveryPathOnceAndNeverSplitAnAntitheticPair()
    {
        foreach (var total in new[] { 100, 101, 1_000, 999_998 })
            foreach (var count in new[] { 1, 3, 4, 7, 16, 50 })
                foreach (var antithetic in new[] { false, true })
                {
                    if (antithetic && total % 2 != 0) continue;
                    var next = 0;
                    for (var i = 0; i < count; i++)
                    {
                        var r = PathRange.Shard(i, count, total, antithetic);
                        Assert.Equal(next, r.First);
                        Assert.True(r.Count > 0);
                        if (antithetic) Assert.True(r.First % 2 == 0 && r.End % 2 == 0);
                        next = r.End;
                    }
                    Assert.Equal(total, next);
                }
        Assert.Throws<ArgumentOutOfRangeException>(() => PathRange.Shard(4, 4, 100, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => PathRange.Shard(0, 51, 100, true));
        Assert.Equal(new PathRange(5, 10), PathRange.Parse("5..10"));
        Assert.Throws<FormatException>(() => PathRange.Parse("10..5"));
        Assert.Throws<FormatException>(() => PathRange.Parse("-1..5"));
    }

    [Fact]
    public void AMergeRefusesOverlapsGapsOtherConfigurationsAndOtherCodeWithOneLineNamingThePart()
    {
        var study = Regression().Paths(200).SolverCheck(false).Bootstrap(0);
        StudyPart Part(int a, int b, string name) => study.RunPart(new PathRange(a, b)) with { Source = name };
        var p0 = Part(0, 100, "p0");
        var p1 = Part(100, 200, "p1");
        var overlap = Part(50, 150, "overlap");

        string Refusal(params StudyPart[] parts)
        {
            var e = Assert.Throws<StudyPartException>(() => study.Merge(parts));
            output.WriteLine(e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return e.Message;
        }
        Assert.Contains("overlap: paths 50..100", Refusal(p0, overlap, p1));
        Assert.Contains("paths 100..200 of 0..200 are in no part", Refusal(p0));
        Assert.Contains("paths 0..100 of 0..200 are in no part", Refusal(p1));
        Assert.Contains("seed = 2 in the part, 1 here", Refusal(p0, Regression().Paths(200).SolverCheck(false).Bootstrap(0).Seed(2).RunPart(new PathRange(100, 200)) with { Source = "p1" }));
        Assert.Contains("p1 was computed by other code", Refusal(p0, p1 with { Code = p1.Code + "x" }));
        Assert.Contains("do not fit", Refusal(p0, p1 with { Levels = [.. p1.Levels.Select(l => l with { Model = [.. l.Model.Select(m => m.Select(v => v[..^1]).ToArray())] })] }));
        Assert.Equal(Numbers(study.Run()), Numbers(study.Merge([p1, p0])));

        var adaptive = Assert.Throws<InvalidOperationException>(() => Regression().Paths(100).PathBudget(400).RunPart(new PathRange(0, 50)));
        Assert.Contains("fixed path count", adaptive.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ou().RunPart(new PathRange(0, 301)));   // splits an antithetic pair
        Assert.Throws<ArgumentOutOfRangeException>(() => Ou().RunPart(new PathRange(0, 1_202))); // beyond the study's paths
    }

    [Fact]
    public void ADamagedPartFileIsRefusedNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"flowdsl-part-{Guid.NewGuid():N}.json");
        try
        {
            Regression().Paths(200).SolverCheck(false).Bootstrap(0).RunPart(new PathRange(0, 100)).Write(file);
            var text = File.ReadAllText(file);
            File.WriteAllText(file, text[..(text.Length / 2)]);
            var e = Assert.Throws<StudyPartException>(() => StudyPart.Read(file));
            Assert.StartsWith(file, e.Message);
            File.WriteAllText(file, "{\"format\": \"something-else\"}");
            Assert.Contains("not a weak-error study part", Assert.Throws<StudyPartException>(() => StudyPart.Read(file)).Message);
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// Every number and verdict of every order and level, as IEEE bits — except the wall-clock advice of an inconclusive
    /// verdict ("≈ 7 s", ".TimeBudget(20)"), which depends on the machine's load even between two single runs.
    /// </summary>
    internal static string Numbers(WeakErrorResult result)
    {
        var text = new StringBuilder();
        foreach (var order in result.Orders)
        {
            Append(text, order, nameof(OrderEstimate.Levels));
            foreach (var level in order.Levels) Append(text, level, nameof(LevelEstimate.SecondsToResolve), nameof(LevelEstimate.Effort));
        }
        return text.ToString();
    }

    /// <summary>The verdict without its wall-clock advice: "(≈ 7 s)", ".TimeBudget(20)", "--budget-seconds 20".</summary>
    internal static string WithoutTimes(string verdict) =>
        Regex.Replace(verdict, @" \(≈ [^)]*\)|\.TimeBudget\(\d+\)|--budget-seconds \d+", "");

    private static void Append(StringBuilder text, object record, params string[] skip)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (skip.Contains(property.Name) || property.Name == "EqualityContract") continue;
            var value = property.GetValue(record);
            text.Append(property.Name).Append('=').Append(value switch
            {
                double d => BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture),
                null => "null",
                string verdict => WithoutTimes(verdict),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }).Append(' ');
        }
        text.AppendLine();
    }
}
