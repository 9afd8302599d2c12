using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>Closed forms against the engine outside the golden tables: large steps (1 − α &lt; 0) and tiny arguments.</summary>
public class ClosedFormEdgeTests
{
    [Fact]
    public void LargeStepsKeepTheSignOfOneMinusAlpha()
    {
        // α = 1.5, T = 4.5: N = 3 and (1 − α)³ = −0.125.
        var moments = ExactMoments.OnePoint(AffineTestProblems.Additive([0.0], new[,] { { 1.0 } }), ModelKind.Sgd, 1.5, 4.5, [1.0]);
        Golden.Relative(-0.125, ClosedForms.AdditiveMeanFactor(ModelKind.Sgd, 1.5, 4.5), "(1−α)^N");
        Golden.Relative(-0.125, moments.Mean[0], "engine mean");
        // Li–Tai–E with αλ = 1.5 for λ = 2.
        double[,] h = { { 1.0, 0.0 }, { 0.0, 2.0 } };
        var engine = ExactMoments.OnePoint(AffineTestProblems.LiTaiE(h), ModelKind.Sgd, 0.75, 3.0, [1.0, 1.0]).Expectation(QuadraticFunction.HalfQuadraticForm(h));
        Golden.Relative(ClosedForms.LiTaiEExpectation(ModelKind.Sgd, 0.75, 3.0, [1.0, 2.0], [1.0, 1.0]), engine, "LTE SGD αλ > 1");
        // Multiplicative with α ≥ ½ takes the direct power.
        var second = ExactMoments.OnePoint(AffineTestProblems.Multiplicative(0.5), ModelKind.Sgd, 0.75, 3.0, [1.0]).SecondMoment[0, 0];
        Golden.Relative(ClosedForms.MultiplicativeSecondMoment(ModelKind.Sgd, 0.75, 3.0, 0.5), second, "multiplicative SGD α = ¾");
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
        double E(ModelKind model, double a) => ExactMoments.OnePoint(problem, model, a, 2.0, u).Expectation(f);
        var delta2 = 1.0 + 1.25 * 1.25;
        var expected = 0.5 * 2.5 * (1 - Math.Exp(-4)) - 4.0 / 3 * Math.Exp(-4) * delta2;
        var c2 = Golden.LeadingCoefficient(a => E(ModelKind.Sgd, a) - E(ModelKind.Sme2, a), 2, Golden.RichardsonAlpha);
        Assert.True(Math.Abs(c2 - expected) < 1e-6, $"c2 = {c2:R}, series {expected:R}");
    }
}
