using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Models.ByHand;
using FlowDsl.Simd;

namespace FlowDsl.Tests.MeanField;

/// <summary>
/// The §4.5 table against finite differences and the §4.5 identities, on the nonlinear tanh unit: through the span
/// kernels of the hand-differentiated unit (<c>lanes: false</c>) and through the generated unit's feature lanes at the
/// widest width (<c>lanes: true</c>). The references (finite differences, plain sums) always use the hand-written unit.
/// </summary>
public sealed class MeanFieldKernelTests
{
    private const int D = 2;

    [Fact]
    public void HandWrittenUnitMatchesFiniteDifferencesOfItsFeature()
    {
        double[] x = [0.4, -0.7];
        double[] θ = [0.9, 1.3];
        double[] v = [0.3, -1.1];
        var g = new double[D];
        TanhUnitByHand.FeatureGradient(x, θ, g);
        var fd = MeanFieldReference.Gradient(y => TanhUnitByHand.Feature(y, θ), x, 1e-3);
        var hv = new double[D];
        TanhUnitByHand.FeatureHessianVectorProduct(x, θ, v, hv);
        for (var i = 0; i < D; i++)
        {
            Assert.Equal(fd[i], g[i], 1e-10);
            var fdHv = MeanFieldReference.FivePoint(s =>
            {
                var grad = new double[D];
                TanhUnitByHand.FeatureGradient([x[0] + s * v[0], x[1] + s * v[1]], θ, grad);
                return grad[i];
            }, 1e-3);
            Assert.Equal(fdHv, hv[i], 1e-10);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResidualsAndFieldMatchTheirDefinitions(bool lanes) => On(lanes, ResidualsAndFieldMatchTheirDefinitionsFor<TanhUnit>, ResidualsAndFieldMatchTheirDefinitionsFor<TanhUnitByHand>);

    private static void ResidualsAndFieldMatchTheirDefinitionsFor<TModel>() where TModel : IMeanFieldModel
    {
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(5);
        var evaluator = Evaluator<TModel>(data, 5);
        evaluator.ComputeResidualsAndField(x);
        for (var j = 0; j < data.Count; j++)
            Assert.Equal(data.Targets[j] - MeanFieldReference.Output<TanhUnitByHand>(x, D, data.Atom(j)), evaluator.Residual[j], 1e-14);
        for (var k = 0; k < 5; k++)
        {
            var v = MeanFieldReference.Field<TanhUnitByHand>(data, x, x.AsSpan(k * D, D));
            for (var i = 0; i < D; i++) Assert.Equal(v[i], evaluator.Field[k * D + i], 1e-14);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MeasureTermIsTheDerivativeOfTheFieldWhenTheMeasureMovesAlongV(bool lanes) =>
        On(lanes, MeasureTermIsTheDerivativeOfTheFieldWhenTheMeasureMovesAlongVFor<TanhUnit>, MeasureTermIsTheDerivativeOfTheFieldWhenTheMeasureMovesAlongVFor<TanhUnitByHand>);

    private static void MeasureTermIsTheDerivativeOfTheFieldWhenTheMeasureMovesAlongVFor<TModel>() where TModel : IMeanFieldModel
    {
        // Mₖ = d/dε V(xₖ, (id + εV)#νⁿ) at ε = 0: the evaluation point stays, every particle moves by ε Vₗ.
        var (data, x, evaluator) = Evaluate<TModel>(4);
        var v = evaluator.Field.ToArray();
        for (var k = 0; k < 4; k++)
            for (var i = 0; i < D; i++)
            {
                var fd = MeanFieldReference.FivePoint(s => MeanFieldReference.Field<TanhUnitByHand>(data, Moved(x, v, s), x.AsSpan(k * D, D))[i], 1e-3);
                Assert.Equal(fd, evaluator.MeasureTerm[k * D + i], 1e-10);
            }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SpatialTermIsTheDerivativeOfTheFieldAlongVAtAFixedMeasure(bool lanes) =>
        On(lanes, SpatialTermIsTheDerivativeOfTheFieldAlongVAtAFixedMeasureFor<TanhUnit>, SpatialTermIsTheDerivativeOfTheFieldAlongVAtAFixedMeasureFor<TanhUnitByHand>);

    private static void SpatialTermIsTheDerivativeOfTheFieldAlongVAtAFixedMeasureFor<TModel>() where TModel : IMeanFieldModel
    {
        // (JV)ₖ = d/dε V(xₖ + ε Vₖ, νⁿ) at ε = 0.
        var (data, x, evaluator) = Evaluate<TModel>(4);
        var v = evaluator.Field.ToArray();
        for (var k = 0; k < 4; k++)
            for (var i = 0; i < D; i++)
            {
                var fd = MeanFieldReference.FivePoint(s =>
                    MeanFieldReference.Field<TanhUnitByHand>(data, x, [x[k * D] + s * v[k * D], x[k * D + 1] + s * v[k * D + 1]])[i], 1e-3);
                Assert.Equal(fd, evaluator.SpatialTerm[k * D + i], 1e-10);
            }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DriftEqualsTheFiniteDimensionalSme2DriftInParticleCoordinates(bool lanes) =>
        On(lanes, DriftEqualsTheFiniteDimensionalSme2DriftInParticleCoordinatesFor<TanhUnit>, DriftEqualsTheFiniteDimensionalSme2DriftInParticleCoordinatesFor<TanhUnitByHand>);

    private static void DriftEqualsTheFiniteDimensionalSme2DriftInParticleCoordinatesFor<TModel>() where TModel : IMeanFieldModel
    {
        // §4.5 consistency identity: bₖ = −n ∂ₓₖEₙ − (n²α/4) ∂ₓₖ|∇Eₙ|², Eₙ from Φ values only, nested 5-point differences.
        const int n = 3;
        const double alpha = 0.1;
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(n);
        var evaluator = Evaluator<TModel>(data, n);
        var drift = new double[n * D];
        evaluator.Drift(x, alpha, corrected: true, drift);

        double Energy(double[] y) => MeanFieldReference.Energy<TanhUnitByHand>(data, y, D);
        double SquaredGradient(double[] y) => MeanFieldReference.Gradient(Energy, y, 1e-3).Sum(g => g * g);
        var gradient = MeanFieldReference.Gradient(Energy, x, 1e-3);
        var correction = MeanFieldReference.Gradient(SquaredGradient, x, 1e-2);
        var scale = drift.Max(Math.Abs);
        for (var i = 0; i < n * D; i++)
        {
            var expected = -n * gradient[i] - n * n * alpha / 4 * correction[i];
            Assert.True(Math.Abs(expected - drift[i]) <= 1e-6 * scale, $"b[{i}] = {drift[i]:R}, SME-2 drift {expected:R}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DriftCorrectionIsHalfTheMaterialDerivativeOfTheField(bool lanes) =>
        On(lanes, DriftCorrectionIsHalfTheMaterialDerivativeOfTheFieldFor<TanhUnit>, DriftCorrectionIsHalfTheMaterialDerivativeOfTheFieldFor<TanhUnitByHand>);

    private static void DriftCorrectionIsHalfTheMaterialDerivativeOfTheFieldFor<TModel>() where TModel : IMeanFieldModel
    {
        // §4.5 derivative-free identity: b − V = −(α/2) d/dε V(xₖ + εVₖ, (id + εV)#νⁿ) at ε = 0.
        const double alpha = 0.1;
        var (data, x, evaluator) = Evaluate<TModel>(5);
        var v = evaluator.Field.ToArray();
        var drift = new double[x.Length];
        evaluator.Drift(x, alpha, corrected: true, drift);
        var correction = drift.Zip(v, (b, f) => b - f).ToArray();
        var scale = correction.Max(Math.Abs);
        for (var k = 0; k < 5; k++)
            for (var i = 0; i < D; i++)
            {
                var material = MeanFieldReference.FivePoint(s =>
                {
                    var moved = Moved(x, v, s);
                    return MeanFieldReference.Field<TanhUnitByHand>(data, moved, moved.AsSpan(k * D, D))[i];
                }, 1e-3);
                Assert.True(Math.Abs(-alpha / 2 * material - correction[k * D + i]) <= 1e-8 * scale,
                    $"particle {k}, coordinate {i}: b − V = {correction[k * D + i]:R}, −(α/2)·dV/dε = {-alpha / 2 * material:R}");
            }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoiseIncrementIsTheCylindricalSumWithSharedXi(bool lanes) =>
        On(lanes, NoiseIncrementIsTheCylindricalSumWithSharedXiFor<TanhUnit>, NoiseIncrementIsTheCylindricalSumWithSharedXiFor<TanhUnitByHand>);

    private static void NoiseIncrementIsTheCylindricalSumWithSharedXiFor<TModel>() where TModel : IMeanFieldModel
    {
        // ΔIₖ = √h Σⱼ √pⱼ ξⱼ (V(xₖ,ν,θⱼ) − V(xₖ,ν)), V(x,ν,θ) = (f(θ) − f_ν(θ)) ∇Φ(θ,x): compare with that sum.
        var (data, x, evaluator) = Evaluate<TModel>(4);
        double[] xi = [0.7, -1.3, 0.2, 2.1];
        const double h = 0.01;
        var noise = new double[x.Length];
        evaluator.NoiseIncrement(x, xi, Math.Sqrt(h), noise);
        var g = new double[D];
        for (var k = 0; k < 4; k++)
        {
            var mean = MeanFieldReference.Field<TanhUnitByHand>(data, x, x.AsSpan(k * D, D));
            var expected = new double[D];
            for (var j = 0; j < data.Count; j++)
            {
                var r = data.Targets[j] - MeanFieldReference.Output<TanhUnitByHand>(x, D, data.Atom(j));
                TanhUnitByHand.FeatureGradient(x.AsSpan(k * D, D), data.Atom(j), g);
                for (var i = 0; i < D; i++) expected[i] += Math.Sqrt(h * data.Weights[j]) * xi[j] * (r * g[i] - mean[i]);
            }
            for (var i = 0; i < D; i++) Assert.Equal(expected[i], noise[k * D + i], 1e-14);
        }
    }

    [Fact]
    public void ResultsAreBitwiseIdenticalForOneAndTwoThreads()
    {
        const int n = 150; // five particle blocks
        var data = MeanFieldData.FromAtoms<TanhUnitByHand>(
            [.. Enumerable.Range(0, 40).SelectMany(j => new[] { Math.Sin(j), Math.Cos(1.7 * j) })],
            [.. Enumerable.Repeat(1.0 / 40, 40)]);
        var x = MeanFieldTestData.TanhParticles(n);
        double[] Run(int threads)
        {
            var flow = new MeanFieldFlow<TanhUnitByHand>(data, n, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 2, threads);
            var state = (double[])x.Clone();
            MeanFieldSimulation.Run(flow, state, 0.2, seed: 7, path: 3);
            var sgd = new ParticleSgd<TanhUnitByHand>(data, n, 0.1, threads);
            MeanFieldSimulation.Run(sgd, state, 0.5, seed: 7, path: 3);
            return state;
        }
        Assert.Equal(Run(1), Run(2));
    }

    /// <summary>Runs the generated unit's body (feature lanes) or the hand-written unit's (span kernels).</summary>
    private static void On(bool lanes, Action generated, Action byHand) => (lanes ? generated : byHand)();

    /// <summary>An evaluator, checked to run the path the test means: lanes at the widest width for a generated unit.</summary>
    private static MeanFieldEvaluator<TModel> Evaluator<TModel>(MeanFieldData data, int n) where TModel : IMeanFieldModel
    {
        var evaluator = new MeanFieldEvaluator<TModel>(data, n);
        Assert.Equal(typeof(TModel) == typeof(TanhUnit) ? SimdWidths.Best : null, evaluator.LaneWidth);
        return evaluator;
    }

    private static (MeanFieldData Data, double[] X, MeanFieldEvaluator<TModel> Evaluator) Evaluate<TModel>(int n) where TModel : IMeanFieldModel
    {
        var data = MeanFieldTestData.TanhAtoms();
        var x = MeanFieldTestData.TanhParticles(n);
        var evaluator = Evaluator<TModel>(data, n);
        evaluator.ComputeResidualsAndField(x);
        evaluator.ComputeCorrectionTerms(x);
        return (data, x, evaluator);
    }

    private static double[] Moved(double[] x, double[] v, double s) => x.Zip(v, (a, b) => a + s * b).ToArray();
}
