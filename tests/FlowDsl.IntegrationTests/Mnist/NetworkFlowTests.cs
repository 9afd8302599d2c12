using System.Numerics.Tensors;
using FlowDsl.Mnist;
using FlowDsl.Mnist.Bridge;
using FlowDsl.Models;
using FlowDsl.Network;
using FlowDsl.Simulation;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>
/// The matrix-free steppers on the MNIST network (d = 13,002) against an independent implementation: the bridge's
/// <see cref="EmpiricalRisk{TModel}"/> (per-atom gradients and HVPs in jagged arrays), and the `flows` command's refusals.
/// </summary>
[Collection(MnistCollection.Name)]
public sealed class NetworkFlowTests(MnistFixture mnist)
{
    private const int Atoms = 5;

    private double[] Rows() => mnist.Data.Train.AsSpan(0, Atoms * MnistMlp.Layout.DataCount).ToArray();

    private double[][] Jagged() => Enumerable.Range(0, Atoms).Select(j => mnist.TrainSample(j, MnistMlp.Layout.DataCount)).ToArray();

    [Fact]
    public void Factor_noise_is_the_weighted_sum_of_gradient_noises_over_the_atoms()
    {
        var sweep = new MeanRiskSweep<MnistMlp>(new DataRows(Rows(), MnistMlp.Layout.DataCount));
        var x = DerivativeChecks.Point<MnistMlp>(seed: 41);
        var d = x.Length;
        double[] dW = [0.3, -1.1, 0.7, 0.05, -0.4];
        const double scale = 0.17;
        var (mean, noise) = (new double[d], new double[d]);
        sweep.GradientAndNoise(x, dW, scale, mean, noise);

        // scale·Σⱼ ΔWⱼ G(x,θⱼ), G = ∇R − ∇R(·,θⱼ), one atom at a time.
        var risk = new EmpiricalRisk<MnistMlp>(Jagged());
        var expectedMean = new double[d];
        risk.GradientSweep(x, expectedMean, default, default);
        var expected = new double[d];
        var g = new double[d];
        for (var j = 0; j < Atoms; j++)
        {
            MnistMlp.Gradient(x, mnist.TrainSample(j, MnistMlp.Layout.DataCount), g);
            for (var i = 0; i < d; i++) expected[i] += scale * dW[j] * (expectedMean[i] - g[i]);
        }
        var norm = TensorPrimitives.Norm(expected);
        for (var i = 0; i < d; i++)
        {
            Assert.Equal(expectedMean[i], mean[i], 1e-14);
            Assert.True(Math.Abs(expected[i] - noise[i]) <= 1e-12 * norm, $"noise[{i}] = {noise[i]:R}, expected {expected[i]:R}");
        }
    }

    [Fact]
    public void Noiseless_order_two_step_is_heun_on_the_modified_drift()
    {
        const double alpha = 0.5, h = 0.25;
        var data = new DataRows(Rows(), MnistMlp.Layout.DataCount);
        var stepper = new FactorNoiseStepper<MnistMlp>(data, new ContinuousModel("modified ODE", 2, NoiseModel.None), alpha, batch: 1);
        var x = DerivativeChecks.Point<MnistMlp>(seed: 42);
        var y = (double[])x.Clone();
        stepper.Step(y, h, new double[Atoms]);

        // Heun with a(x) = −∇R − (α/2)∇²R∇R from the bridge's independent sweeps.
        var risk = new EmpiricalRisk<MnistMlp>(Jagged());
        double[] Drift(double[] at)
        {
            var (g, drift, correction) = (new double[at.Length], new double[at.Length], new double[at.Length]);
            risk.GradientSweep(at, g, default, default);
            risk.Drift(at, g, alpha, drift, correction);
            return drift;
        }
        var a0 = Drift(x);
        var a1 = Drift(x.Zip(a0, (v, a) => v + h * a).ToArray());
        var step = TensorPrimitives.Norm(a0) * h;
        for (var i = 0; i < x.Length; i++)
        {
            var expected = x[i] + 0.5 * h * (a0[i] + a1[i]);
            Assert.True(Math.Abs(expected - y[i]) <= 1e-12 * step, $"y[{i}] = {y[i]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void Flows_refuses_a_run_over_the_memory_limit_before_it_starts_and_names_the_flag()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FlowsCommand.Run(new CommandLine(
            ["--pretrain-steps", "0", "--memory-limit-mb", "400", "--threads", "64", "--paths", "64", "--out", Path.GetTempPath()])));
        Assert.StartsWith("Refused before starting: the run needs ≈ ", e.Message);
        Assert.Matches(@"use --threads \d+ ", e.Message);
    }

    [Fact]
    public void Flows_rejects_a_malformed_ladder_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => FlowsCommand.Run(new CommandLine(["--ladder", "2,x,8"])));
        Assert.Contains("--ladder", e.Message);
        Assert.Contains("--models", Assert.Throws<ArgumentException>(() => FlowsCommand.Run(new CommandLine(["--models", "SDE-7"]))).Message);
    }
}
