using FlowDsl.Benchmarks.Mnist;
using FlowDsl.Models;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>
/// The gradient and Hessian-vector product of the MNIST networks against central finite differences of the user's
/// own risk (<c>UserRisk</c>, evaluated through Vec/Mat), on a few coordinates of each layer.
/// </summary>
[Collection(MnistCollection.Name)]
public sealed class GradientTests(MnistFixture mnist)
{
    [Fact]
    public void Generated_gradient_matches_finite_differences_of_user_risk_on_every_layer() =>
        GradientMatchesFiniteDifferences<MnistMlp>();

    [Fact]
    public void Generated_hvp_matches_finite_differences_of_the_gradient() =>
        HvpMatchesFiniteDifferencesOfGradient<MnistMlp>();

    [Fact]
    public void Generated_value_equals_user_risk() => ValueEqualsUserRisk<MnistMlp>();

    [Fact]
    public void Generated_layout_is_the_hand_written_layout()
    {
        Assert.Equal(HandWrittenMlp<Mlp16x16>.Layout.ToString(), MnistMlp.Layout.ToString());
        Assert.Equal(HandWrittenMlp<Mlp64x32>.Layout.ToString(), MnistMlpWide.Layout.ToString());
    }

    [Fact]
    public void Generated_gradient_and_hvp_equal_hand_written_backprop_on_all_coordinates()
    {
        AgreesWithHandWritten<MnistMlp, HandWrittenMlp<Mlp16x16>>();
        AgreesWithHandWritten<MnistMlpWide, HandWrittenMlp<Mlp64x32>>();
    }

    private void AgreesWithHandWritten<TGenerated, THand>() where TGenerated : IRiskModel where THand : IRiskModel
    {
        var x = DerivativeChecks.Point<THand>(seed: 21);
        var v = DerivativeChecks.Point<THand>(seed: 22);
        var d = x.Length;
        var (gGen, gHand, hGen, hHand) = (new double[d], new double[d], new double[d], new double[d]);
        for (var sample = 0; sample < 3; sample++)
        {
            var θ = mnist.TrainSample(10 + sample, THand.Layout.DataCount);
            var rGen = TGenerated.Gradient(x, θ, gGen);
            var rHand = THand.Gradient(x, θ, gHand);
            Assert.Equal(rHand, rGen, 1e-13);
            TGenerated.HessianVectorProduct(x, θ, v, hGen);
            THand.HessianVectorProduct(x, θ, v, hHand);
            // Same formulas, possibly summed in another order: agreement to rounding, relative to the largest entry.
            var (gScale, hScale) = (gHand.Max(Math.Abs), hHand.Max(Math.Abs));
            for (var i = 0; i < d; i++)
            {
                Assert.True(Math.Abs(gGen[i] - gHand[i]) <= 1e-12 * gScale, $"{TGenerated.Name}: ∇R[{i}] generated {gGen[i]:R}, hand-written {gHand[i]:R}");
                Assert.True(Math.Abs(hGen[i] - hHand[i]) <= 1e-11 * hScale, $"{TGenerated.Name}: (∇²R·v)[{i}] generated {hGen[i]:R}, hand-written {hHand[i]:R}");
            }
        }
    }

    [Fact]
    public void AddGradient_adds_exactly_the_gradient_generated_and_hand_written()
    {
        AddsExactly<MnistMlp>();
        AddsExactly<MnistMlpWide>();
        AddsExactly<HandWrittenMlp<Mlp16x16>>();
        AddsExactly<HandWrittenMlp<Mlp64x32>>();
    }

    /// <summary>A sum of three real digits' gradients, then AddGradient of a fourth: the bits of sum + Gradient.</summary>
    private void AddsExactly<TModel>() where TModel : IRiskModel, IAccumulatingGradient
    {
        var x = DerivativeChecks.Point<TModel>(seed: 31);
        var sum = new double[x.Length];
        for (var sample = 0; sample < 3; sample++) TModel.AddGradient(x, mnist.TrainSample(40 + sample, TModel.Layout.DataCount), sum);
        Assert.Contains(sum, v => v != 0);
        Generated.RiskModelChecks.AddGradientAddsTheGradient<TModel>(x, mnist.TrainSample(50, TModel.Layout.DataCount), sum);
    }

    [Fact]
    public void Hand_written_gradient_matches_finite_differences_on_every_layer() =>
        GradientMatchesFiniteDifferences<HandWrittenMlp<Mlp16x16>>();

    [Fact]
    public void Hand_written_hvp_matches_finite_differences_of_the_gradient() =>
        HvpMatchesFiniteDifferencesOfGradient<HandWrittenMlp<Mlp16x16>>();

    [Fact]
    public void Hand_written_value_equals_user_risk() => ValueEqualsUserRisk<HandWrittenMlp<Mlp16x16>>();

    private void GradientMatchesFiniteDifferences<TModel>() where TModel : IRiskModel
    {
        var θ = mnist.TrainSample(3, TModel.Layout.DataCount);
        var x = DerivativeChecks.Point<TModel>(seed: 11);
        var g = new double[x.Length];
        var r = TModel.Gradient(x, θ, g);
        Assert.Equal(TModel.UserRisk(x, θ), r, 1e-12);
        var blocks = new HashSet<string>();
        foreach (var (block, i) in DerivativeChecks.Coordinates<TModel>(θ))
        {
            var fd = DerivativeChecks.CentralDifference<TModel>(x, θ, i, h: 1e-5);
            // Central-difference error: h²|R'''|/6 + ε|R|/h ≈ 1e-10 here.
            Assert.True(Math.Abs(g[i] - fd) <= 1e-8 + 1e-5 * Math.Abs(fd),
                $"{TModel.Name}: ∂R/∂{block}[{i}] = {g[i]:R}, central difference {fd:R}");
            blocks.Add(block);
        }
        Assert.Equal(["W1", "W2", "W3", "b1", "b2", "b3"], blocks.Order(StringComparer.Ordinal));
        Assert.Contains(g, v => v != 0);
    }

    private void HvpMatchesFiniteDifferencesOfGradient<TModel>() where TModel : IRiskModel
    {
        var θ = mnist.TrainSample(5, TModel.Layout.DataCount);
        var x = DerivativeChecks.Point<TModel>(seed: 12);
        var v = DerivativeChecks.Point<TModel>(seed: 13);
        var hv = new double[x.Length];
        TModel.HessianVectorProduct(x, θ, v, hv);

        // (∇R(x + εv) − ∇R(x − εv)) / 2ε, with the gradient itself checked above.
        const double eps = 1e-5;
        var (plus, minus, gp, gm) = (new double[x.Length], new double[x.Length], new double[x.Length], new double[x.Length]);
        for (var i = 0; i < x.Length; i++) (plus[i], minus[i]) = (x[i] + eps * v[i], x[i] - eps * v[i]);
        TModel.Gradient(plus, θ, gp);
        TModel.Gradient(minus, θ, gm);
        var scale = hv.Max(Math.Abs);
        for (var i = 0; i < x.Length; i++)
        {
            var fd = (gp[i] - gm[i]) / (2 * eps);
            Assert.True(Math.Abs(hv[i] - fd) <= 1e-7 * scale + 1e-6 * Math.Abs(fd), $"{TModel.Name}: (∇²R·v)[{i}] = {hv[i]:R}, difference quotient {fd:R}");
        }
        Assert.True(scale > 0);
    }

    private void ValueEqualsUserRisk<TModel>() where TModel : IRiskModel
    {
        var x = DerivativeChecks.Point<TModel>(seed: 14);
        for (var i = 0; i < 5; i++)
        {
            var θ = mnist.TrainSample(i, TModel.Layout.DataCount);
            Assert.Equal(TModel.UserRisk(x, θ), TModel.Risk(x, θ), 1e-12);
        }
    }
}
