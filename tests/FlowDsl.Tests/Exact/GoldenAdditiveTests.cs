using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>math.md §6.9 (a): §6.2 with d = 1, m = 0, S = 1, u = 1, T = 1.</summary>
public class GoldenAdditiveTests
{
    // α, SGD E x, SGD E x², SME-1 E x, SME-1 E x², SME-2 E x, SME-2 E x²
    private static readonly double[][] Table =
    [
        [0.31640625, 0.228668212890625, 0.367879441171442, 0.243418372832036, 0.32465246735835, 0.204799310721657],
        [0.343608915805817, 0.176862614553166, 0.367879441171442, 0.189376828034324, 0.345590752576975, 0.171231028956913],
        [0.356074130451793, 0.154956890042258, 0.367879441171442, 0.162356055635469, 0.356560980663947, 0.153586165267428],
        [0.362055289256317, 0.144876349423261, 0.367879441171442, 0.148845669436041, 0.362175999080826, 0.144538047320807],
        [0.364986524243907, 0.140040240337289, 0.367879441171442, 0.142090476336327, 0.365016580647459, 0.139956196363473],
    ];

    private static readonly AffineGradientMoments Problem = AffineTestProblems.Additive([0.0], new[,] { { 1.0 } });

    private static PointMoments Run(ModelKind model, double alpha) => ExactMoments.OnePoint(Problem, model, alpha, 1.0, [1.0]);

    [Fact]
    public void EngineReproducesTheTable()
    {
        var models = new[] { ModelKind.Sgd, ModelKind.Sme1, ModelKind.Sme2 };
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            for (var m = 0; m < 3; m++)
            {
                var moments = Run(models[m], alpha);
                Golden.Relative(Table[row][2 * m], moments.Mean[0], $"{models[m]} E x, α={alpha}");
                Golden.Relative(Table[row][2 * m + 1], moments.SecondMoment[0, 0], $"{models[m]} E x², α={alpha}");
            }
            // SMF and independent copies share the SME one-point moments.
            Golden.Relative(Table[row][3], Run(ModelKind.Smf1, alpha).SecondMoment[0, 0], $"SMF-1 E x², α={alpha}");
            Golden.Relative(Table[row][5], Run(ModelKind.Smf2, alpha).SecondMoment[0, 0], $"SMF-2 E x², α={alpha}");
            Golden.Relative(Table[row][5], Run(ModelKind.IndependentSme2, alpha).SecondMoment[0, 0], $"indep SME-2 E x², α={alpha}");
        }
    }

    [Fact]
    public void ClosedFormsReproduceTheTable()
    {
        var models = new[] { ModelKind.Sgd, ModelKind.Sme1, ModelKind.Sme2 };
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            for (var m = 0; m < 3; m++)
            {
                var q = ClosedForms.AdditiveMeanFactor(models[m], alpha, 1.0);
                var second = q * q + ClosedForms.AdditiveCovarianceFactor(models[m], alpha, 1.0);
                Golden.Relative(Table[row][2 * m], q, $"closed form {models[m]} E x, α={alpha}");
                Golden.Relative(Table[row][2 * m + 1], second, $"closed form {models[m]} E x², α={alpha}");
            }
        }
    }

    [Fact]
    public void GeneralDimensionAgreesWithClosedForms()
    {
        double[] m = [0.5, -1.0];
        double[,] s = { { 2.0, 0.4 }, { 0.4, 0.5 } };
        var problem = AffineTestProblems.Additive(m, s);
        double[] u = [1.5, 0.25];
        foreach (var model in new[] { ModelKind.Sgd, ModelKind.Sme1, ModelKind.Sme2 })
        {
            var moments = ExactMoments.OnePoint(problem, model, 1.0 / 16, 2.0, u);
            var q = ClosedForms.AdditiveMeanFactor(model, 1.0 / 16, 2.0);
            var kappa = ClosedForms.AdditiveCovarianceFactor(model, 1.0 / 16, 2.0);
            var covariance = moments.Covariance;
            for (var i = 0; i < 2; i++)
            {
                Golden.Relative(m[i] + q * (u[i] - m[i]), moments.Mean[i], $"{model} mean {i}");
                for (var k = 0; k < 2; k++) Golden.Relative(kappa * s[i, k], covariance[i, k], $"{model} cov {i}{k}", 1e-11);
            }
        }
    }

    [Fact]
    public void LeadingCoefficientsAndPlateaus()
    {
        double Mean(ModelKind model, double a) => Run(model, a).Mean[0];
        double Second(ModelKind model, double a) => Run(model, a).SecondMoment[0, 0];
        const double alpha = Golden.RichardsonAlpha;
        Golden.Digits("-0.183940", Golden.LeadingCoefficient(a => Mean(ModelKind.Sgd, a) - Mean(ModelKind.Sme1, a), 1, alpha), "E x c1");
        Golden.Digits("-0.122626", Golden.LeadingCoefficient(a => Mean(ModelKind.Sgd, a) - Mean(ModelKind.Sme2, a), 2, alpha), "E x c2");
        Golden.Digits("-0.135335", Golden.LeadingCoefficient(a => Second(ModelKind.Sgd, a) - Second(ModelKind.Sme1, a), 1, alpha), "E x² c1");
        Golden.Digits("0.342109", Golden.LeadingCoefficient(a => Second(ModelKind.Sgd, a) - Second(ModelKind.Sme2, a), 2, alpha), "E x² c2");
        // Exact forms of the same coefficients (math.md §6.2 series with T = 1, δ = 1, tr S = 1).
        Golden.Relative(-Math.Exp(-1) / 2, Golden.LeadingCoefficient(a => Mean(ModelKind.Sgd, a) - Mean(ModelKind.Sme1, a), 1, alpha), "E x c1 exact", 2e-8);
        Golden.Relative(0.5 * (1 - Math.Exp(-2)) - 2.0 / 3 * Math.Exp(-2),
            Golden.LeadingCoefficient(a => Second(ModelKind.Sgd, a) - Second(ModelKind.Sme2, a), 2, alpha), "E x² c2 exact", 2e-8);

        double Plateau(double a) => (Second(ModelKind.Sgd, a) - Second(ModelKind.Sme2, a)) / (a * a);
        Golden.Digits("0.34264", Plateau(1.0 / 256), "(SGD−SME2)/α² at 2⁻⁸");
        Golden.Digits("0.34214", Plateau(1.0 / 4096), "(SGD−SME2)/α² at 2⁻¹²");
    }
}
