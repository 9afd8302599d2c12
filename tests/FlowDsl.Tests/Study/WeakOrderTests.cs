using FlowDsl.Exact;
using FlowDsl.Models;
using FlowDsl.Simulation;
using FlowDsl.Study;
using Xunit.Abstractions;

namespace FlowDsl.Tests.Study;

/// <summary>
/// Measured weak orders from GENERATED models (samples/FlowDsl.Models) on math.md §6.2, §6.3, §6.4 and §6.5:
/// E f(SGD) is exact (the exact-moment engine), the continuous models are simulated with SH2 (K = 4), driven by the
/// Brownian path that also drives the coupled SGD (control variate), with antithetic pairs. The orders and their
/// path-bootstrap standard errors are printed.
/// </summary>
public sealed class WeakOrderTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.15;

    private static QuadraticFunction SquaredNorm(int d) => QuadraticFunction.SquaredDistance(new double[d]);

    private WeakErrorResult Run<TModel>(WeakErrorStudy<TModel> study) where TModel : IRiskModel
    {
        var result = study.Seed(7).Antithetic().Threads(2).Run();
        output.WriteLine(result.ToString());
        return result;
    }

    private void AssertOrder(WeakErrorResult result, string model, string observable, double expected)
    {
        var o = result.Order(model, observable);
        output.WriteLine($"{result.Configuration.Model} {model} {observable}: p̂ = {o.Order:F3} ± {o.StandardError:F3} (expected {expected})");
        Assert.True(Math.Abs(o.Order - expected) <= Tolerance, $"{model} on {observable}: p̂ = {o.Order:F3} ± {o.StandardError:F3}, expected {expected} ± {Tolerance}.");
    }

    [Fact]
    public void OrnsteinUhlenbeckOrders()
    {
        var result = Run(WeakErrorStudy.For<OrnsteinUhlenbeck1D>()
            .StartingPoints([1.0])
            .Observable(Observable.Quadratic("x²", SquaredNorm(1)))
            .Ladder(1, 8, 16, 32, 64)
            .Paths(2_000));
        AssertOrder(result, "SME-1", "x²", 1);
        AssertOrder(result, "SME-2", "x²", 2);
        AssertOrder(result, "SMF-2", "x²", 2);
    }

    [Fact]
    public void MultiplicativeOrders()
    {
        var result = Run(WeakErrorStudy.For<MultiplicativeGaussian>()
            .StartingPoints([1.0])
            .Observable(Observable.Quadratic("x²", SquaredNorm(1)))
            .Ladder(1, 8, 16, 32, 64)
            .Paths(12_000));
        AssertOrder(result, "SME-1", "x²", 1);
        AssertOrder(result, "SME-2", "x²", 2);
        AssertOrder(result, "SMF-2", "x²", 2);
    }

    [Fact]
    public void LinearRegressionOrders()
    {
        // SGD's noise here is a second-order polynomial of the Gaussian θ, uncorrelated with any Brownian path, so the
        // model side uses the exact partner model (SME-1 ↔ SME-2, SMF-1 ↔ SMF-2) as a control variate (§7.3.4).
        var result = Run(WeakErrorStudy.For<LinearRegression>()
            .StartingPoints([1.0, 1.0])
            .Observable(Observable.Quadratic("|y|²", SquaredNorm(2)))
            .Ladder(1, 16, 32, 64, 128) // α = 1/8 is still preasymptotic here (math.md §6.9 d)
            .ModelControlVariates()
            .Paths(1_000));
        AssertOrder(result, "SME-1", "|y|²", 1);
        AssertOrder(result, "SME-2", "|y|²", 2);
        AssertOrder(result, "SMF-2", "|y|²", 2);
    }

    [Fact]
    public void NPointOrders()
    {
        var result = Run(WeakErrorStudy.For<OrnsteinUhlenbeck1D>()
            .StartingPoints([1.0], [-1.0])
            .Observable(Observable.SquaredDistance("|x1-x2|²"))
            .Models(ContinuousModel.Smf2, ContinuousModel.Sme2)
            .Ladder(1, 8, 16, 32, 64)
            .Paths(2_000));
        AssertOrder(result, "SMF-2", "|x1-x2|²", 2);
        AssertOrder(result, "SME-2", "|x1-x2|²", 1);
    }

    [Fact]
    public void MultiplicativeNPointOrders()
    {
        // §6.4 multiplicative, u₁ = 1, u₂ = −1: SGD and SMF are linear flows, E[x₁x₂] = u₁u₂E Z²; independent SME copies miss
        // the cross term Σ(x₁,x₂) = x₁x₂ at order α.
        var result = Run(WeakErrorStudy.For<MultiplicativeGaussian>()
            .StartingPoints([1.0], [-1.0])
            .Observable(Observable.CrossQuadratic("x1·x2", new double[,] { { 1 } }))
            .Models(ContinuousModel.Smf2, ContinuousModel.Sme2)
            .Ladder(1, 8, 16, 32, 64)
            .Paths(12_000));
        AssertOrder(result, "SMF-2", "x1·x2", 2);
        AssertOrder(result, "SME-2", "x1·x2", 1);
    }
}
