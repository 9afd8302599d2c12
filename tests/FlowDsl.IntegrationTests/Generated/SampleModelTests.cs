using FlowDsl.Models;

namespace FlowDsl.IntegrationTests.Generated;

/// <summary>
/// The real compiler ran the real generator on samples/FlowDsl.Models: the generated kernels agree with closed forms
/// and with finite differences of the user's own methods.
/// </summary>
public sealed class SampleModelTests
{
    private static readonly System.Random Random = new(20261126);

    [Fact]
    public void Quadratic_gradient_is_x_minus_θ()
    {
        double[] x = [0.3, -1.2, 2.5], θ = [1.1, 0.4, -0.7];
        var gradient = new double[3];
        var r = Quadratic.Gradient(x, θ, gradient);
        for (var i = 0; i < 3; i++) Assert.Equal(x[i] - θ[i], gradient[i], 14);
        Assert.Equal(0.5 * x.Zip(θ, (a, b) => (a - b) * (a - b)).Sum(), r, 14);
    }

    [Fact]
    public void Quadratic_Hessian_is_identity_and_data_Jacobian_is_minus_identity()
    {
        double[] x = [0.3, -1.2, 2.5], θ = [1.1, 0.4, -0.7], v = [0.5, -2, 3], result = new double[3];
        Quadratic.HessianVectorProduct(x, θ, v, result);
        Assert.Equal(v, result);
        Quadratic.DataJacobianProduct(x, θ, v, result);
        Assert.Equal(v.Select(a => -a), result);
    }

    [Fact]
    public void Quadratic_layout_structure_and_law()
    {
        Assert.Equal("Quadratic", Quadratic.Name);
        Assert.Equal(3, Quadratic.Layout.ParameterCount);
        Assert.Equal(3, Quadratic.Layout.DataCount);
        Assert.Equal(new TensorBlock("x", 0, 3, 1, BlockKind.Vector), Quadratic.Layout.Parameters.Single());
        Assert.Equal(new GradientStructure(1, 1), Quadratic.Structure);
        Assert.Same(Quadratic.P.GetType(), Quadratic.DefaultLaw!.GetType());
    }

    [Theory]
    [InlineData(1.7, 1.0)]
    [InlineData(-0.4, -1.0)]
    [InlineData(2.0, 0.3)]
    public void Multiplicative_gradient_is_one_plus_θ_times_x(double x, double θ)
    {
        var gradient = new double[1];
        var r = Multiplicative.Gradient([x], [θ], gradient);
        Assert.Equal((1 + θ) * x, gradient[0], 14);
        Assert.Equal(0.5 * (1 + θ) * x * x, r, 14);
        var result = new double[1];
        Multiplicative.HessianVectorProduct([x], [θ], [0.7], result);
        Assert.Equal((1 + θ) * 0.7, result[0], 14);
        Multiplicative.DataJacobianProduct([x], [θ], [0.7], result);
        Assert.Equal(x * 0.7, result[0], 14);
        Assert.Equal(new GradientStructure(1, 1), Multiplicative.Structure);
    }

    [Fact]
    public void Quadratic_and_Multiplicative_match_finite_differences()
    {
        double[] x = DerivativeOracle.RandomVector(Random, 3), θ = DerivativeOracle.RandomVector(Random, 3);
        RiskModelChecks.GradientMatchesFiniteDifferences<Quadratic>(x, θ);
        RiskModelChecks.HessianVectorProductMatchesFiniteDifferences<Quadratic>(x, θ, DerivativeOracle.RandomVector(Random, 3));
        RiskModelChecks.GradientMatchesFiniteDifferences<Multiplicative>([1.3], [0.4]);
        RiskModelChecks.HessianVectorProductMatchesFiniteDifferences<Multiplicative>([1.3], [0.4], [-0.8]);
        RiskModelChecks.DataJacobianProductMatchesFiniteDifferences<Multiplicative>([1.3], [0.4], [-0.8]);
    }

    [Fact]
    public void MnistMlp_derivatives_match_finite_differences()
    {
        var layout = MnistMlp.Layout;
        Assert.Equal(16 * 784 + 16 + 16 * 16 + 16 + 10 * 16 + 10, layout.ParameterCount);
        Assert.Equal(794, layout.DataCount);
        var x = DerivativeOracle.RandomVector(Random, layout.ParameterCount, 0.3);
        var θ = DerivativeOracle.RandomVector(Random, layout.DataCount);
        RiskModelChecks.GradientMatchesFiniteDifferences<MnistMlp>(x, θ, coordinates: 400);
        RiskModelChecks.HessianVectorProductMatchesFiniteDifferences<MnistMlp>(x, θ, DerivativeOracle.RandomVector(Random, layout.ParameterCount));
        RiskModelChecks.DataJacobianProductMatchesFiniteDifferences<MnistMlp>(x, θ, DerivativeOracle.RandomVector(Random, layout.DataCount));
        Assert.Equal(-1, MnistMlp.Structure.DegreeInParameters);
    }

    [Fact]
    public void TeacherStudent_feature_derivatives_match_finite_differences()
    {
        var d = TeacherStudent.Layout.ParameterCount;
        Assert.Equal(TeacherStudent.D + 2, d);
        Assert.Equal(TeacherStudent.D, TeacherStudent.Layout.DataCount);
        var x = DerivativeOracle.RandomVector(Random, d);
        var θ = DerivativeOracle.RandomVector(Random, TeacherStudent.D);

        DerivativeOracle.AssertClose(Math.Tanh(θ[0]) - 0.5 * Math.Tanh(θ[1]), TeacherStudent.Target(θ), 1e-12, "f closed form");

        MeanFieldModelChecks.DerivativesMatchFiniteDifferences<TeacherStudent>(x, θ, DerivativeOracle.RandomVector(Random, d));
    }

    [Fact]
    public void Kernels_reject_spans_of_the_wrong_length_naming_the_span()
    {
        var e = Assert.Throws<ArgumentException>(() => Quadratic.Risk(new double[2], new double[3]));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("length 3", e.Message, StringComparison.Ordinal);
        var g = Assert.Throws<ArgumentException>(() => Quadratic.Gradient(new double[3], new double[3], new double[4]));
        Assert.Equal("gradient", g.ParamName);
    }
}
