using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>math.md §6.9 (e): §6.6 with H = diag(1, 2), x₀ = (1, 1), T = 1, f = ½xᵀHx.</summary>
public class GoldenLiTaiETests
{
    // α, SGD, SME-1, SME-2, (SGD−SME1)/α, (SGD−SME2)/α²
    private static readonly string[][] Table =
    [
        ["0.450271606445312", "0.385445915582569", "0.307790012960097", "0.259303", "2.27971"],
        ["0.239879246497399", "0.235714598044805", "0.206601289179116", "0.0333172", "2.12979"],
        ["0.1571556262563", "0.160848939275923", "0.149041773371596", "-0.059093", "2.07715"],
        ["0.120253074406101", "0.123416109891482", "0.118245745685291", "-0.101217", "2.0555"],
        ["0.102803413206592", "0.104699695199261", "0.102303957062575", "-0.121362", "2.04577"],
    ];

    private static readonly double[,] H = { { 1.0, 0.0 }, { 0.0, 2.0 } };
    private static readonly AffineGradientMoments Problem = AffineTestProblems.LiTaiE(H);

    private static double Value(ContinuousModel model, double alpha) =>
        ExactMoments.OnePoint(Problem, model, alpha, 1.0, [1.0, 1.0]).Expectation(QuadraticFunction.HalfQuadraticForm(H));

    private static double SgdValue(double alpha) =>
        ExactMoments.SgdOnePoint(Problem, alpha, 1.0, [1.0, 1.0]).Expectation(QuadraticFunction.HalfQuadraticForm(H));

    private static double Parse(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EngineReproducesTheTable()
    {
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            double sgd = SgdValue(alpha), sme1 = Value(ContinuousModel.Sme1, alpha), sme2 = Value(ContinuousModel.Sme2, alpha);
            Golden.Relative(Parse(Table[row][0]), sgd, $"SGD, α={alpha}");
            Golden.Relative(Parse(Table[row][1]), sme1, $"SME-1, α={alpha}");
            Golden.Relative(Parse(Table[row][2]), sme2, $"SME-2, α={alpha}");
            Golden.Digits(Table[row][3], (sgd - sme1) / alpha, $"(SGD−SME1)/α, α={alpha}");
            Golden.Digits(Table[row][4], (sgd - sme2) / (alpha * alpha), $"(SGD−SME2)/α², α={alpha}");
        }
    }

    [Fact]
    public void ClosedFormsReproduceTheTable()
    {
        double[] eigenvalues = [1.0, 2.0], components = [1.0, 1.0];
        for (var row = 0; row < 5; row++)
        {
            var alpha = Golden.Alphas[row];
            Golden.Relative(Parse(Table[row][0]), SgdClosedForms.LiTaiEExpectation(alpha, 1, eigenvalues, components), $"SGD, α={alpha}");
            Golden.Relative(Parse(Table[row][1]), ClosedForms.LiTaiEExpectation(ContinuousModel.Sme1, alpha, 1, eigenvalues, components), $"SME-1, α={alpha}");
            Golden.Relative(Parse(Table[row][2]), ClosedForms.LiTaiEExpectation(ContinuousModel.Sme2, alpha, 1, eigenvalues, components), $"SME-2, α={alpha}");
        }
    }

    [Fact]
    public void NonDiagonalHMatchesTheEigenbasisClosedForm()
    {
        // H = R diag(1, 3) Rᵀ with a rotation R: the engine works in the original basis, the closed form in the eigenbasis.
        var (c, s) = (Math.Cos(0.7), Math.Sin(0.7));
        double[,] h = { { c * c * 1 + s * s * 3, c * s * (1 - 3) }, { c * s * (1 - 3), s * s * 1 + c * c * 3 } };
        double[] x0 = [0.4, -1.2];
        double[] components = [c * x0[0] + s * x0[1], -s * x0[0] + c * x0[1]];
        var problem = AffineTestProblems.LiTaiE(h);
        var f = QuadraticFunction.HalfQuadraticForm(h);
        Golden.Relative(SgdClosedForms.LiTaiEExpectation(1.0 / 16, 1.0, [1.0, 3.0], components),
            ExactMoments.SgdOnePoint(problem, 1.0 / 16, 1.0, x0).Expectation(f), "SGD", 1e-11);
        foreach (var model in new[] { ContinuousModel.Sme1, ContinuousModel.Sme2 })
        {
            var engine = ExactMoments.OnePoint(problem, model, 1.0 / 16, 1.0, x0).Expectation(f);
            Golden.Relative(ClosedForms.LiTaiEExpectation(model, 1.0 / 16, 1.0, [1.0, 3.0], components), engine, $"{model}", 1e-11);
        }
    }

    [Fact]
    public void LeadingCoefficients()
    {
        Golden.Digits("-0.140930", Golden.LeadingCoefficient(a => SgdValue(a) - Value(ContinuousModel.Sme1, a), 1, Golden.RichardsonAlpha), "c1");
        Golden.Digits("2.036740", Golden.LeadingCoefficient(a => SgdValue(a) - Value(ContinuousModel.Sme2, a), 2, Golden.RichardsonAlpha), "c2");
    }
}
