using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>Closed forms against the engine outside the golden tables: large steps (1 − α &lt; 0) and tiny arguments.</summary>
public class ClosedFormEdgeTests
{
    [Fact]
    public void LargeStepsKeepTheSignOfOneMinusAlpha()
    {
        // α = 1.5, T = 4.5: N = 3 and (1 − α)³ = −0.125.
        var moments = ExactMoments.SgdOnePoint(AffineTestProblems.Additive([0.0], new[,] { { 1.0 } }), 1.5, 4.5, [1.0]);
        Golden.Relative(-0.125, SgdClosedForms.AdditiveMeanFactor(1.5, 4.5), "(1−α)^N");
        Golden.Relative(-0.125, moments.Mean[0], "engine mean");
        // Li–Tai–E with αλ = 1.5 for λ = 2.
        double[,] h = { { 1.0, 0.0 }, { 0.0, 2.0 } };
        var engine = ExactMoments.SgdOnePoint(AffineTestProblems.LiTaiE(h), 0.75, 3.0, [1.0, 1.0]).Expectation(QuadraticFunction.HalfQuadraticForm(h));
        Golden.Relative(SgdClosedForms.LiTaiEExpectation(0.75, 3.0, [1.0, 2.0], [1.0, 1.0]), engine, "LTE SGD αλ > 1");
        // Multiplicative with α ≥ ½ takes the direct power.
        var second = ExactMoments.SgdOnePoint(AffineTestProblems.Multiplicative(0.5), 0.75, 3.0, [1.0]).SecondMoment[0, 0];
        Golden.Relative(SgdClosedForms.MultiplicativeSecondMoment(0.75, 3.0, 0.5), second, "multiplicative SGD α = ¾");
    }

    [Fact]
    public void AccurateHelpersKeepDigitsForSmallArguments()
    {
        const double x = 1e-10;
        Golden.Relative(x - x * x / 2 + x * x * x / 3, Accurate.Log1P(x), "log1p", 1e-15);
        Golden.Relative(x + x * x / 2 + x * x * x / 6, Accurate.ExpM1(x), "expm1", 1e-15);
        Golden.Relative(Math.Pow(0.75, 7), Accurate.PowerOfOneMinus(0.25, 7), "(¾)⁷", 1e-15);
        Assert.Equal(0.0, Accurate.PowerOfOneMinus(1.0, 3));
    }

    [Fact]
    public void SeriesCoefficientsOfTheAdditiveProblemInDimensionTwo()
    {
        // §6.2 series, f = |x − m|²: SGD − SME2 = [½ tr S (1 − e^{−2T}) − (2T/3)e^{−2T}|δ|²] α² + O(α³), here with T = 2.
        double[] m = [0.5, -1.0];
        double[,] s = { { 2.0, 0.4 }, { 0.4, 0.5 } };
        double[] u = [1.5, 0.25];
        var problem = AffineTestProblems.Additive(m, s);
        var f = QuadraticFunction.SquaredDistance(m);
        // SGD − SME-2, the weak error the series describes.
        double Gap(double a) => ExactMoments.SgdOnePoint(problem, a, 2.0, u).Expectation(f) - ExactMoments.OnePoint(problem, ContinuousModel.Sme2, a, 2.0, u).Expectation(f);
        var delta2 = 1.0 + 1.25 * 1.25;
        var expected = 0.5 * 2.5 * (1 - Math.Exp(-4)) - 4.0 / 3 * Math.Exp(-4) * delta2;
        var c2 = Golden.LeadingCoefficient(Gap, 2, Golden.RichardsonAlpha);
        Assert.True(Math.Abs(c2 - expected) < 1e-6, $"c2 = {c2:R}, series {expected:R}");
    }
}
