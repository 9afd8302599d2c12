using FlowDsl.Simulation;
using static FlowDsl.Ops;

namespace FlowDsl.Tests.Simulation;

/// <summary>R(x,θ) = 1 − cos(x₁ − θ₁) + ¼(x₁x₂ − θ₂)² + ⅙x₂³θ₁, θ uniform on four atoms: ∇²R is not constant, so the HVP form is really tested.</summary>
[FlowModel]
public partial class CurvedModel
{
    [Risk]
    public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec θ) =>
        1 - Cos(x[0] - θ[0]) + 0.25 * Square(x[0] * x[1] - θ[1]) + x[1] * x[1] * x[1] * θ[0] / 6;

    [Law] public static Law P => Law.Empirical([[0.3, -1.0], [-0.7, 0.5], [1.1, 0.2], [0.0, 1.5]], [0.1, 0.2, 0.3, 0.4]);
}

/// <summary>
/// The public modified-equation correction −(α/4)∇|∇R|² (math.md §2.1) against central finite differences of |∇R|² built
/// from the mean gradient alone, and the drift −∇R plus that correction.
/// </summary>
public sealed class ModifiedDriftTests
{
    [Theory]
    [InlineData(0.4, -0.8, 0.1)]
    [InlineData(-1.3, 0.9, 0.25)]
    [InlineData(2.0, 1.7, 0.05)]
    public void Correction_is_minus_alpha_over_four_times_the_gradient_of_the_squared_gradient_norm(double x1, double x2, double α)
    {
        var mean = new MeanRisk<CurvedModel>();
        var drift = new ModifiedDrift<CurvedModel>(mean);
        double[] x = [x1, x2];
        var correction = new double[2];
        drift.Correction(x, α, correction);

        // −(α/4)∂ᵢ|∇R|² by a 4th-order central difference of |∇R|² (mean gradient only, no HVP).
        double SquaredGradient(double[] y)
        {
            var g = new double[2];
            mean.Gradient(y, g);
            return g[0] * g[0] + g[1] * g[1];
        }
        const double h = 1e-3;
        for (var i = 0; i < 2; i++)
        {
            double At(double shift)
            {
                var y = (double[])x.Clone();
                y[i] += shift;
                return SquaredGradient(y);
            }
            var derivative = (-At(2 * h) + 8 * At(h) - 8 * At(-h) + At(-2 * h)) / (12 * h);
            var expected = -α / 4 * derivative;
            Assert.True(Math.Abs(correction[i] - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)),
                $"coordinate {i}: correction {correction[i]:R}, finite differences {expected:R}");
        }

        var full = new double[2];
        drift.Drift(x, α, full);
        var gradient = new double[2];
        mean.Gradient(x, gradient);
        for (var i = 0; i < 2; i++) Assert.Equal(-gradient[i] + correction[i], full[i], 14);
    }

    [Fact]
    public void Bad_arguments_name_the_input()
    {
        var drift = new ModifiedDrift<CurvedModel>();
        var e = Assert.Throws<ArgumentException>(() => drift.Correction(new double[3], 0.1, new double[2]));
        Assert.Contains("x has length 3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => drift.Drift(new double[2], double.NaN, new double[2]));
    }
}
