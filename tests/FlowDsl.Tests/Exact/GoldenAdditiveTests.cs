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

    private static PointMoments Run(ContinuousModel model, double alpha) => ExactMoments.OnePoint(Problem, model, alpha, 1.0, [1.0]);
    private static PointMoments Sgd(double alpha) => ExactMoments.SgdOnePoint(Problem, alpha, 1.0, [1.0]);

    /// <summary>The table's columns: SGD, SME-1, SME-2.</summary>
    private static readonly (string Name, Func<double, PointMoments> Run)[] Columns =
        [("SGD", Sgd), ("SME-1", a => Run(ContinuousModel.Sme1, a)), ("SME-2", a => Run(ContinuousModel.Sme2, a))];

    /// <summary>The closed-form factors (q, κ) of the same columns.</summary>
    private static readonly (string Name, Func<double, double, double> Mean, Func<double, double, double> Covariance)[] ClosedColumns =
    [
        ("SGD", SgdClosedForms.AdditiveMeanFactor, SgdClosedForms.AdditiveCovarianceFactor),
        ("SME-1", (a, t) => ClosedForms.AdditiveMeanFactor(ContinuousModel.Sme1, a, t), (a, t) => ClosedForms.AdditiveCovarianceFactor(ContinuousModel.Sme1, a, t)),
        ("SME-2", (a, t) => ClosedForms.AdditiveMeanFactor(ContinuousModel.Sme2, a, t), (a, t) => ClosedForms.AdditiveCovarianceFactor(ContinuousModel.Sme2, a, t)),
    ];

    [Fact]
    public void EngineReproducesTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            for (var m = 0; m < 3; m++)
            {
                var moments = Columns[m].Run(alpha);
                Golden.Relative(Table[row][2 * m], moments.Mean[0], $"{Columns[m].Name} E x, α={alpha}");
                Golden.Relative(Table[row][2 * m + 1], moments.SecondMoment[0, 0], $"{Columns[m].Name} E x², α={alpha}");
            }
            // SMF shares the SME one-point moments.
            Golden.Relative(Table[row][3], Run(ContinuousModel.Smf1, alpha).SecondMoment[0, 0], $"SMF-1 E x², α={alpha}");
            Golden.Relative(Table[row][5], Run(ContinuousModel.Smf2, alpha).SecondMoment[0, 0], $"SMF-2 E x², α={alpha}");
        }
    }

    [Fact]
    public void ClosedFormsReproduceTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            for (var m = 0; m < 3; m++)
            {
                var (name, mean, covariance) = ClosedColumns[m];
                var q = mean(alpha, 1.0);
                var second = q * q + covariance(alpha, 1.0);
                Golden.Relative(Table[row][2 * m], q, $"closed form {name} E x, α={alpha}");
                Golden.Relative(Table[row][2 * m + 1], second, $"closed form {name} E x², α={alpha}");
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
        const double alpha = 1.0 / 16, horizon = 2.0;
        Check("SGD", ExactMoments.SgdOnePoint(problem, alpha, horizon, u), SgdClosedForms.AdditiveMeanFactor(alpha, horizon),
            SgdClosedForms.AdditiveCovarianceFactor(alpha, horizon));
        foreach (var model in new[] { ContinuousModel.Sme1, ContinuousModel.Sme2 })
            Check(model.Name, ExactMoments.OnePoint(problem, model, alpha, horizon, u), ClosedForms.AdditiveMeanFactor(model, alpha, horizon),
                ClosedForms.AdditiveCovarianceFactor(model, alpha, horizon));

        void Check(string name, PointMoments moments, double q, double kappa)
        {
            var covariance = moments.Covariance;
            for (var i = 0; i < 2; i++)
            {
                Golden.Relative(m[i] + q * (u[i] - m[i]), moments.Mean[i], $"{name} mean {i}");
                for (var k = 0; k < 2; k++) Golden.Relative(kappa * s[i, k], covariance[i, k], $"{name} cov {i}{k}", 1e-11);
            }
        }
    }

    [Fact]
    public void LeadingCoefficientsAndPlateaus()
    {
        // SGD − model, the weak error the coefficients describe.
        double MeanGap(ContinuousModel model, double a) => Sgd(a).Mean[0] - Run(model, a).Mean[0];
        double SecondGap(ContinuousModel model, double a) => Sgd(a).SecondMoment[0, 0] - Run(model, a).SecondMoment[0, 0];
        const double alpha = Golden.RichardsonAlpha;
        Golden.Digits("-0.183940", Golden.LeadingCoefficient(a => MeanGap(ContinuousModel.Sme1, a), 1, alpha), "E x c1");
        Golden.Digits("-0.122626", Golden.LeadingCoefficient(a => MeanGap(ContinuousModel.Sme2, a), 2, alpha), "E x c2");
        Golden.Digits("-0.135335", Golden.LeadingCoefficient(a => SecondGap(ContinuousModel.Sme1, a), 1, alpha), "E x² c1");
        Golden.Digits("0.342109", Golden.LeadingCoefficient(a => SecondGap(ContinuousModel.Sme2, a), 2, alpha), "E x² c2");
        // Exact forms of the same coefficients (math.md §6.2 series with T = 1, δ = 1, tr S = 1).
        Golden.Relative(-Math.Exp(-1) / 2, Golden.LeadingCoefficient(a => MeanGap(ContinuousModel.Sme1, a), 1, alpha), "E x c1 exact", 2e-8);
        Golden.Relative(0.5 * (1 - Math.Exp(-2)) - 2.0 / 3 * Math.Exp(-2),
            Golden.LeadingCoefficient(a => SecondGap(ContinuousModel.Sme2, a), 2, alpha), "E x² c2 exact", 2e-8);

        double Plateau(double a) => SecondGap(ContinuousModel.Sme2, a) / (a * a);
        Golden.Digits("0.34264", Plateau(1.0 / 256), "(SGD−SME2)/α² at 2⁻⁸");
        Golden.Digits("0.34214", Plateau(1.0 / 4096), "(SGD−SME2)/α² at 2⁻¹²");
    }
}
