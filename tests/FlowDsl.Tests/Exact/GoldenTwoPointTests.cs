using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>math.md §6.9 (c): §6.4 with u₁ = 1, u₂ = −1, T = 1; additive S = 1 (m = 0), multiplicative s² = 1.</summary>
public class GoldenTwoPointTests
{
    // α, add. SGD D, add. SGD E[x1x2], add. SMF D, add. SMF E[x1x2], add. SME-indep D, add. SME-indep E[x1x2],
    //    mult. SGD E[x1x2], mult. SMF, mult. SME-indep, mult. SME shared-B |x|
    private static readonly double[][] Table =
    [
        [0.40045166015625, 0.0284423828125, 0.421596898247457, -0.00599913840207149, 0.620397070567043, -0.105399224561864, -0.152587890625, -0.135335283236613, -0.105399224561864, -0.0820849986238988],
        [0.472268348084995, -0.059271559489332, 0.477731873066878, -0.0676349075765267, 0.581327994447264, -0.11943296826672, -0.138777878078145, -0.135335283236613, -0.11943296826672, -0.105399224561864],
        [0.507155145508001, -0.0986206827117423, 0.508542931728142, -0.100685300596643, 0.561443796398928, -0.127135732932036, -0.136111738587924, -0.135335283236613, -0.127135732932036, -0.11943296826672],
        [0.5243361299139, -0.117291715533689, 0.524685817240777, -0.117804861299582, 0.551419003262002, -0.131171454310194, -0.135520093535733, -0.135335283236613, -0.131171454310194, -0.127135732932036],
        [0.532860651518594, -0.126390085422008, 0.532948416590252, -0.126518011931653, 0.546386601022073, -0.133237104147563, -0.135380390634516, -0.135335283236613, -0.133237104147563, -0.131171454310194],
    ];

    private static readonly AffineGradientMoments Additive = AffineTestProblems.Additive([0.0], new[,] { { 1.0 } });
    private static readonly AffineGradientMoments Multiplicative = AffineTestProblems.Multiplicative(1.0);

    private static TwoPointMoments Run(AffineGradientMoments problem, ContinuousModel model, double alpha) =>
        ExactMoments.TwoPoint(problem, model, alpha, 1.0, [1.0], [-1.0]);

    private static TwoPointMoments Sgd(AffineGradientMoments problem, double alpha) => ExactMoments.SgdTwoPoint(problem, alpha, 1.0, [1.0], [-1.0]);

    /// <summary>The table's columns: SGD, SMF-2, SME-2 (two points are independent SME copies).</summary>
    private static readonly (string Name, Func<AffineGradientMoments, double, TwoPointMoments> Run)[] Columns =
        [("SGD", Sgd), ("SMF-2", (p, a) => Run(p, ContinuousModel.Smf2, a)), ("SME-2 indep", (p, a) => Run(p, ContinuousModel.Sme2, a))];

    [Fact]
    public void EngineReproducesTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            for (var m = 0; m < 3; m++)
            {
                var (name, run) = Columns[m];
                var additive = run(Additive, alpha);
                Golden.Relative(Table[row][2 * m], additive.MeanSquaredDistance, $"additive {name} D, α={alpha}");
                Golden.Relative(Table[row][2 * m + 1], additive.Cross[0, 0], $"additive {name} E[x1x2], α={alpha}");
                Golden.Relative(Table[row][6 + m], run(Multiplicative, alpha).Cross[0, 0], $"multiplicative {name} E[x1x2], α={alpha}");
            }
        }
    }

    [Fact]
    public void ClosedFormsReproduceTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            var q = SgdClosedForms.AdditiveMeanFactor(alpha, 1);
            Golden.Relative(Table[row][0], SgdClosedForms.AdditiveTwoPointDistance(alpha, 1, 4.0), "additive SGD D");
            Golden.Relative(Table[row][1], -q * q + SgdClosedForms.AdditiveCrossCovarianceFactor(alpha, 1), "additive SGD E[x1x2]");
            Golden.Relative(Table[row][6], SgdClosedForms.MultiplicativeCrossMoment(alpha, 1, 1, -1, 1), "multiplicative SGD E[x1x2]");
            ContinuousModel[] models = [ContinuousModel.Smf2, ContinuousModel.Sme2];
            for (var m = 1; m < 3; m++)
            {
                var model = models[m - 1];
                q = ClosedForms.AdditiveMeanFactor(model, alpha, 1);
                Golden.Relative(Table[row][2 * m], ClosedForms.AdditiveTwoPointDistance(model, alpha, 1, 4.0, 1.0), $"additive {model} D");
                Golden.Relative(Table[row][2 * m + 1], -q * q + ClosedForms.AdditiveCrossCovarianceFactor(model, alpha, 1), $"additive {model} E[x1x2]");
                Golden.Relative(Table[row][6 + m], ClosedForms.MultiplicativeCrossMoment(model, alpha, 1, 1, -1, 1), $"multiplicative {model} E[x1x2]");
            }
            // Shared-Brownian SME with s|x|: not a linear moment system in general, so only the closed form (§6.4) covers it.
            Golden.Relative(Table[row][9], ClosedForms.MultiplicativeSharedBrownianSmeCrossMoment(2, alpha, 1, 1, -1, 1), $"shared-B SME α={alpha}");
        }
        // Same-sign starts: the shared-B SME equals SMF-2.
        Golden.Relative(ClosedForms.MultiplicativeCrossMoment(ContinuousModel.Smf2, 0.25, 1, 1, 2, 1),
            ClosedForms.MultiplicativeSharedBrownianSmeCrossMoment(2, 0.25, 1, 1, 2, 1), "shared-B SME, u₁u₂ > 0");
    }

    [Fact]
    public void LeadingCoefficients()
    {
        const double alpha = Golden.RichardsonAlpha;
        // SGD − model, the weak error the coefficients describe.
        double AddD(ContinuousModel m, double a) => Sgd(Additive, a).MeanSquaredDistance - Run(Additive, m, a).MeanSquaredDistance;
        double AddX(ContinuousModel m, double a) => Sgd(Additive, a).Cross[0, 0] - Run(Additive, m, a).Cross[0, 0];
        double MulX(ContinuousModel m, double a) => Sgd(Multiplicative, a).Cross[0, 0] - Run(Multiplicative, m, a).Cross[0, 0];
        Golden.Digits("-0.360894", Golden.LeadingCoefficient(a => AddD(ContinuousModel.Smf2, a), 2, alpha), "additive D, SMF c2");
        Golden.Digits("-0.864665", Golden.LeadingCoefficient(a => AddD(ContinuousModel.Sme2, a), 1, alpha), "additive D, indep c1");
        Golden.Digits("0.522556", Golden.LeadingCoefficient(a => AddX(ContinuousModel.Smf2, a), 2, alpha), "additive E[x1x2], SMF c2");
        Golden.Digits("0.432332", Golden.LeadingCoefficient(a => AddX(ContinuousModel.Sme2, a), 1, alpha), "additive E[x1x2], indep c1");
        Golden.Digits("-0.180447", Golden.LeadingCoefficient(a => MulX(ContinuousModel.Smf2, a), 2, alpha), "mult. SMF c2");
        Golden.Digits("-0.135335", Golden.LeadingCoefficient(a => MulX(ContinuousModel.Sme2, a), 1, alpha), "mult. indep c1");
        Golden.Digits("-0.270671", Golden.LeadingCoefficient(
            a => Sgd(Multiplicative, a).Cross[0, 0] - ClosedForms.MultiplicativeSharedBrownianSmeCrossMoment(2, a, 1, 1, -1, 1), 1, alpha), "mult. shared-B c1");
    }

    [Fact]
    public void SmeCopiesAreIndependent()
    {
        var moments = ExactMoments.TwoPoint(MomentOdeTests.RandomFiniteProblem(3, 2, 1), ContinuousModel.Sme1, 0.1, 1.0, [1.0, 0.0], [0.0, 2.0]);
        var c = moments.CrossCovariance;
        for (var i = 0; i < 2; i++)
            for (var k = 0; k < 2; k++) Assert.True(Math.Abs(c[i, k]) < 1e-14, $"Cov({i},{k}) = {c[i, k]}");
    }
}
