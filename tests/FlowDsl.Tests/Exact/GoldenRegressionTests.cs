using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>math.md §6.9 (d): §6.5 with d = 2, σ² = 0.25, y₀ = (1, 1) (m₀ = 2), T = 1: E|x − x*|².</summary>
public class GoldenRegressionTests
{
    // α, SGD, SME-1, SME-2 / SMF-2
    private static readonly double[][] Table =
    [
        [0.71826171875, 0.644359114034361, 0.510999473617824],
        [0.413607254769886, 0.424711362900535, 0.377055960349089],
        [0.3284940537857, 0.340917826417331, 0.320820684242441],
        [0.296791691519223, 0.304251848530851, 0.295030030629508],
        [0.283099073755099, 0.287092997538336, 0.282676734125173],
    ];

    private static readonly double[] Optimum = [0.5, -1.0];
    private static readonly AffineGradientMoments Problem = AffineTestProblems.LinearRegression(2, 0.25, Optimum);

    /// <summary>E|x − x*|² with x₀ = x* + (1, 1), as a quadratic test function of the engine's moments.</summary>
    private static double Error(ContinuousModel model, double alpha) =>
        ExactMoments.OnePoint(Problem, model, alpha, 1.0, Start).Expectation(QuadraticFunction.SquaredDistance(Optimum));

    private static double SgdError(double alpha) =>
        ExactMoments.SgdOnePoint(Problem, alpha, 1.0, Start).Expectation(QuadraticFunction.SquaredDistance(Optimum));

    private static readonly double[] Start = [Optimum[0] + 1, Optimum[1] + 1];

    [Fact]
    public void EngineReproducesTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            Golden.Relative(Table[row][0], SgdError(alpha), $"SGD, α={alpha}");
            Golden.Relative(Table[row][1], Error(ContinuousModel.Sme1, alpha), $"SME-1, α={alpha}");
            Golden.Relative(Table[row][2], Error(ContinuousModel.Sme2, alpha), $"SME-2, α={alpha}");
            Golden.Relative(Table[row][2], Error(ContinuousModel.Smf2, alpha), $"SMF-2, α={alpha}");
        }
    }

    [Fact]
    public void ClosedFormsReproduceTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            Golden.Relative(Table[row][0], SgdClosedForms.LinearRegressionSquaredError(alpha, 1, 2, 0.25, 2), $"SGD, α={alpha}");
            Golden.Relative(Table[row][1], ClosedForms.LinearRegressionSquaredError(ContinuousModel.Sme1, alpha, 1, 2, 0.25, 2), $"SME-1, α={alpha}");
            Golden.Relative(Table[row][2], ClosedForms.LinearRegressionSquaredError(ContinuousModel.Sme2, alpha, 1, 2, 0.25, 2), $"SME-2, α={alpha}");
        }
    }

    [Fact]
    public void LeadingCoefficientsAndPlateaus()
    {
        Golden.Digits("-0.270671", Golden.LeadingCoefficient(a => SgdError(a) - Error(ContinuousModel.Sme1, a), 1, Golden.RichardsonAlpha), "c1");
        Golden.Digits("1.659743", Golden.LeadingCoefficient(a => SgdError(a) - Error(ContinuousModel.Sme2, a), 2, Golden.RichardsonAlpha), "c2");
        double Plateau(double a) => (SgdError(a) - Error(ContinuousModel.Sme2, a)) / (a * a);
        Golden.Digits("1.6769", Plateau(1.0 / 256), "plateau 2⁻⁸");
        Golden.Digits("1.6640", Plateau(1.0 / 1024), "plateau 2⁻¹⁰");
        Golden.Digits("1.6608", Plateau(1.0 / 4096), "plateau 2⁻¹²");
    }

    [Fact]
    public void TwoPointDistanceCancelsTheLabelNoise()
    {
        double[] u = [1.0, 0.0], v = [0.0, 0.5];
        Golden.Relative(SgdClosedForms.LinearRegressionTwoPointDistance(1.0 / 8, 1.0, 2, 1.25),
            ExactMoments.SgdTwoPoint(Problem, 1.0 / 8, 1.0, u, v).MeanSquaredDistance, "SGD E|δ|²", 1e-11);
        Golden.Relative(ClosedForms.LinearRegressionTwoPointDistance(ContinuousModel.Smf2, 1.0 / 8, 1.0, 2, 1.25),
            ExactMoments.TwoPoint(Problem, ContinuousModel.Smf2, 1.0 / 8, 1.0, u, v).MeanSquaredDistance, "SMF-2 E|δ|²", 1e-11);
    }

    [Fact]
    public void GeneralCovarianceMatchesTheIsserlisIdentity()
    {
        // E[aaᵀ M aaᵀ] = 2HMH + H tr(HM) for a ~ N(0, H): check the tensor E[AᵢⱼAₖₗ] against it.
        double[,] h = { { 2.0, 0.5 }, { 0.5, 1.0 } };
        double[,] m = { { 0.3, -0.2 }, { -0.2, 1.1 } };
        var aa = AffineTestProblems.LinearRegression(h, [0.0, 0.0], 0.0).SecondMomentAA;
        var trHm = 0.0;
        for (var i = 0; i < 2; i++) for (var j = 0; j < 2; j++) trHm += h[i, j] * m[j, i];
        for (var i = 0; i < 2; i++)
            for (var k = 0; k < 2; k++)
            {
                var viaTensor = 0.0;
                var viaIdentity = h[i, k] * trHm;
                for (var j = 0; j < 2; j++)
                    for (var l = 0; l < 2; l++)
                    {
                        viaTensor += aa[i, j, k, l] * m[j, l];
                        viaIdentity += 2 * h[i, j] * m[j, l] * h[l, k];
                    }
                Assert.Equal(viaIdentity, viaTensor, 13);
            }
    }
}
