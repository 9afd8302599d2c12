using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>The matrix-exponential solution of the moment ODE against classical RK4 on the same right-hand side.</summary>
public class MomentOdeTests
{
    internal static AffineGradientMoments RandomFiniteProblem(int atoms, int d, int seed)
    {
        var random = new System.Random(seed);
        var list = new List<(double, double[,], double[])>();
        for (var n = 0; n < atoms; n++)
        {
            var a = new double[d, d];
            for (var i = 0; i < d; i++)
                for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = (i == j ? 1.0 : 0.0) + 0.8 * (random.NextDouble() - 0.5);
            var c = Enumerable.Range(0, d).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            list.Add((0.5 + random.NextDouble(), a, c));
        }
        return AffineGradientMoments.FromAtoms(list);
    }

    [Theory]
    [InlineData("SMF-1")]
    [InlineData("SMF-2")]
    [InlineData("SME-2")]
    public void ExponentialSolutionMatchesRk4(string name)
    {
        ContinuousModel[] models = [ContinuousModel.Smf1, ContinuousModel.Smf2, ContinuousModel.Sme2];
        var problem = RandomFiniteProblem(atoms: 4, d: 2, seed: 17);
        var dynamics = MomentDynamics.Continuous(problem, models.Single(m => m.Name == name), alpha: 0.3, twoPoint: true);
        var z0 = dynamics.InitialState([1.0, -0.5], [-0.25, 2.0]);
        const double horizon = 1.5;
        var exact = ExactMoments.SolveLinearOde(dynamics, horizon, z0);

        const int steps = 1500; // h = 1e-3: RK4 error O(h⁴) ≈ 1e-12
        var h = horizon / steps;
        var z = (double[])z0.Clone();
        var n = z.Length;
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], tmp = new double[n];
        for (var s = 0; s < steps; s++)
        {
            dynamics.Derivative(z, k1);
            for (var i = 0; i < n; i++) tmp[i] = z[i] + 0.5 * h * k1[i];
            dynamics.Derivative(tmp, k2);
            for (var i = 0; i < n; i++) tmp[i] = z[i] + 0.5 * h * k2[i];
            dynamics.Derivative(tmp, k3);
            for (var i = 0; i < n; i++) tmp[i] = z[i] + h * k3[i];
            dynamics.Derivative(tmp, k4);
            for (var i = 0; i < n; i++) z[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        var scale = z.Max(Math.Abs);
        for (var i = 0; i < n; i++)
            Assert.True(Math.Abs(z[i] - exact[i]) < 1e-10 * scale, $"component {i}: RK4 {z[i]:R} vs expm {exact[i]:R}");
    }

    [Fact]
    public void OnePointSystemAgreesWithTheTwoPointSystem()
    {
        var problem = RandomFiniteProblem(atoms: 3, d: 3, seed: 5);
        double[] u = [0.3, -1.0, 0.7];
        double[] v = [1.0, 0.0, -2.0];
        const double alpha = 0.125, horizon = 1.0;
        Check(ExactMoments.SgdOnePoint(problem, alpha, horizon, v), ExactMoments.SgdTwoPoint(problem, alpha, horizon, u, v),
            ExactMoments.SgdTwoPoint(problem, alpha, horizon, v, v), sharedNoise: true);
        foreach (var model in new[] { ContinuousModel.Smf1, ContinuousModel.Smf2, ContinuousModel.Sme2 })
            Check(ExactMoments.OnePoint(problem, model, alpha, horizon, v), ExactMoments.TwoPoint(problem, model, alpha, horizon, u, v),
                ExactMoments.TwoPoint(problem, model, alpha, horizon, v, v), sharedNoise: model.Noise == NoiseModel.Smf);

        static void Check(PointMoments one, TwoPointMoments two, TwoPointMoments same, bool sharedNoise)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(one.Mean[i], two.Second.Mean[i], 13);
                for (var k = 0; k < 3; k++) Assert.Equal(one.SecondMoment[i, k], two.Second.SecondMoment[i, k], 13);
            }
            // Two copies of the same start: P = M if they feel the same noise (SGD's θᵢ, SMF's W), P = mmᵀ if independent (SME).
            for (var i = 0; i < 3; i++)
                for (var k = 0; k < 3; k++)
                    Assert.Equal(sharedNoise ? one.SecondMoment[i, k] : one.Mean[i] * one.Mean[k], same.Cross[i, k], 13);
        }
    }
}
