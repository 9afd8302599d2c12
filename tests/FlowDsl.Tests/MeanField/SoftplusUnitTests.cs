using FlowDsl.Models;

namespace FlowDsl.Tests.MeanField;

/// <summary>The generated Softplus unit against its closed forms: ∇ₓΦ = σ(θ·x)θ, ∇²ₓΦ·v = σ(θ·x)(1 − σ(θ·x))(θ·v)θ.</summary>
public sealed class SoftplusUnitTests
{
    [Theory]
    [InlineData(0.3, -0.7, 1.0, 0.5)]
    [InlineData(-2.0, 1.5, -1.3, -0.6)]
    [InlineData(40.0, 3.0, 0.4, -1.0)]
    public void GeneratedKernelsMatchTheClosedForms(double x1, double x2, double t1, double t2)
    {
        double[] x = [x1, x2], θ = [t1, t2], v = [0.25, -1.5];
        var z = t1 * x1 + t2 * x2;
        var sigma = 1 / (1 + Math.Exp(-z));
        var softplus = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        Assert.Equal(softplus, SoftplusUnit.Feature(x, θ), 1e-12);
        Assert.Equal(Math.Sin(t1), SoftplusUnit.Target(θ), 1e-15);
        var gradient = new double[2];
        SoftplusUnit.FeatureGradient(x, θ, gradient);
        Assert.Equal(sigma * t1, gradient[0], 1e-12);
        Assert.Equal(sigma * t2, gradient[1], 1e-12);
        var hv = new double[2];
        SoftplusUnit.FeatureHessianVectorProduct(x, θ, v, hv);
        var curvature = sigma * (1 - sigma) * (t1 * v[0] + t2 * v[1]);
        Assert.Equal(curvature * t1, hv[0], 1e-12);
        Assert.Equal(curvature * t2, hv[1], 1e-12);
    }
}
