using System.Numerics.Tensors;
using FlowDsl.Mnist.Bridge;
using FlowDsl.Models;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>The SME-2/SMF-2 drift pieces on the MNIST network, against the identity ∇²R∇R = ½∇|∇R|² (math.md §2).</summary>
[Collection(MnistCollection.Name)]
public sealed class BridgeTests(MnistFixture mnist)
{
    [Fact]
    public void Drift_correction_equals_quarter_alpha_gradient_of_squared_gradient_norm()
    {
        var atoms = Enumerable.Range(0, 4).Select(i => mnist.TrainSample(20 + i, MnistMlp.Layout.DataCount)).ToArray();
        var risk = new EmpiricalRisk<MnistMlp>(atoms);
        var x = DerivativeChecks.Point<MnistMlp>(seed: 31);
        var u = DerivativeChecks.Point<MnistMlp>(seed: 32);
        const double alpha = 0.1;
        var d = x.Length;
        var (g, drift, correction) = (new double[d], new double[d], new double[d]);
        risk.GradientSweep(x, g, default, default);
        risk.Drift(x, g, alpha, drift, correction);

        // −(α/2)∇²R∇R = −(α/4)∇|∇R|²: compare along u with a central difference of |∇R|².
        double SquaredGradientNorm(double[] at)
        {
            var m = new double[d];
            risk.GradientSweep(at, m, default, default);
            return TensorPrimitives.Dot(m, m);
        }
        const double eps = 1e-5;
        var plus = x.Zip(u, (a, b) => a + eps * b).ToArray();
        var minus = x.Zip(u, (a, b) => a - eps * b).ToArray();
        var fd = -(alpha / 4) * (SquaredGradientNorm(plus) - SquaredGradientNorm(minus)) / (2 * eps);
        var analytic = TensorPrimitives.Dot(correction, u);
        Assert.True(Math.Abs(analytic - fd) <= 1e-6 * Math.Abs(fd) + 1e-10, $"correction·u = {analytic:R}, finite difference {fd:R}");
        // The drift is −∇R plus the correction.
        for (var i = 0; i < d; i++) Assert.Equal(-g[i] + correction[i], drift[i], 1e-15);
    }
}
