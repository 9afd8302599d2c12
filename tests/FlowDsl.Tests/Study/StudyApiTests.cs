using System.Text.Json;
using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using FlowDsl.Study;
using FlowDsl.Tests.Simulation;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Study;

/// <summary>The study's reports, exact SGD by enumeration, and Talay–Tubaro inside the study.</summary>
public sealed class StudyApiTests(ITestOutputHelper output)
{
    private static WeakErrorResult Small(SchemeKind scheme = SchemeKind.StochasticHeun) =>
        WeakErrorStudy.For<OrnsteinUhlenbeck1D>()
            .StartingPoints([1.0], [-0.5])
            .Observable("x", x => x[0])
            .Observable(Observable.SquaredDistance())
            .Models(ContinuousModel.Sme1, ContinuousModel.Smf2)
            .Ladder(1, 4, 8)
            .Scheme(scheme)
            .Paths(2_000)
            .Bootstrap(20)
            .Seed(5)
            .Run();

    [Fact]
    public void ReportsCarryEveryNumberAndTheConfiguration()
    {
        var result = Small();
        var text = result.ToString();
        output.WriteLine(text);
        Assert.Contains("verdict", text);
        Assert.Contains("SMF-2", text);

        var csv = result.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# model=OrnsteinUhlenbeck1D", csv[0]);
        Assert.StartsWith("model,observable,expected_order,order", csv[1]);
        Assert.Equal(2 + 2 * 2 * 2, csv.Length); // comment, header, models × observables × levels

        using var json = JsonDocument.Parse(result.ToJson());
        var configuration = json.RootElement.GetProperty("configuration");
        Assert.Equal(5UL, configuration.GetProperty("seed").GetUInt64());
        Assert.Equal(0.25, configuration.GetProperty("alphas")[0].GetDouble());
        Assert.Equal(4, json.RootElement.GetProperty("orders").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("orders")[0].GetProperty("levels").GetArrayLength());
        Assert.Equal(result.Orders[0].Levels[0].Error, json.RootElement.GetProperty("orders")[0].GetProperty("levels")[0].GetProperty("error").GetDouble());
    }

    [Fact]
    public void TheExpectedOrderOfAnNPointStatisticIsOneForSme()
    {
        var result = Small();
        Assert.Equal(1, result.Order("SME-1", "|x1-x2|²").ExpectedOrder);
        Assert.Equal(2, result.Order("SMF-2", "|x1-x2|²").ExpectedOrder);
        Assert.Throws<KeyNotFoundException>(() => result.Order("SME-2", "x"));
    }

    [Fact]
    public void SgdOverADiscreteLawIsEnumeratedExactly()
    {
        // Rademacher θ, N = 4 and 8: all 2^N sequences; E x² = ρ^N with ρ = (1 − α)² + α² (math.md §6.3).
        var result = WeakErrorStudy.For<Multiplicative>().StartingPoints([1.0]).Observable("x²", x => x[0] * x[0])
            .Models(ContinuousModel.Smf2).Ladder(1, 4, 8).Paths(200).Bootstrap(0).Run();
        foreach (var level in result.Order("SMF-2", "x²").Levels)
        {
            Assert.True(level.SgdExact);
            Assert.Equal(ClosedForms.MultiplicativeSgdSecond(level.Alpha, 1, 1, 1), level.SgdExpectation, 12);
        }
    }

    [Fact]
    public void TalayTubaroExtrapolationIsUnbiased()
    {
        // 2E f(Y^{h/2}) − E f(Y^h) of Euler–Maruyama, per path; OU SMF-2 mean at α = 1/4 and 1/8.
        var result = Small(SchemeKind.TalayTubaro);
        foreach (var level in result.Order("SMF-2", "x").Levels)
        {
            var exact = ClosedForms.OuSme2(level.Alpha, 1, 1, 1).Mean;
            var z = (level.ModelExpectation - exact) / level.ModelStandardError;
            output.WriteLine($"α = {level.Alpha}: TT mean {level.ModelExpectation:G8} ± {level.ModelStandardError:G3}, exact {exact:G8}, z = {z:F2}");
            Assert.True(Math.Abs(z) < 4.5, $"z = {z}");
        }
    }
}
