using System.Runtime.CompilerServices;
using FlowDsl.Fused;
using FlowDsl.Simd;

namespace FlowDsl.IntegrationTests.Generated;

/// <summary>
/// Checks generated lane steps (scalar width) against independent implementations built only from the model's span
/// kernels: the SGD step x − α∇ₓR(x,θ), and one SH2 step of the SMF with the unfactored atom noise
/// Σⱼ √pⱼ (ḡ(x) − ∇R(x,θⱼ)) √h ξⱼ (math.md §3.4 a) and the drift −ḡ − (α/2)·H̄ḡ written out over the atoms.
/// </summary>
internal static class LaneStepChecks
{
    /// <summary>Relative tolerance: the lane steps collect terms (x(1 − α) + αθ), so they round differently.</summary>
    public const double Tolerance = 1e-11;

    public static void SgdLaneStepMatchesGradient<TStep, TModel>(double[] x, double[] θ, double α)
        where TStep : ILaneStep where TModel : IRiskModel
    {
        var gradient = RiskModelChecks.Gradient<TModel>(x, θ);
        var expected = x.Select((xi, i) => xi - α * gradient[i]).ToArray();
        var actual = Step<TStep>(x, [α], θ);
        AssertClose(expected, actual, $"{TStep.Name} lane step vs x − α∇R");
    }

    /// <summary>Independent SGD with θ = μ + C·ξ: with μ = θ and C = 0 it is the SGD step at θ, whatever ξ.</summary>
    public static void IndependentSgdLaneStepMatchesGradient<TStep, TModel>(double[] x, double[] θ, double α, double[] ξ)
        where TStep : ILaneStep where TModel : IRiskModel
    {
        var gradient = RiskModelChecks.Gradient<TModel>(x, θ);
        var expected = x.Select((xi, i) => xi - α * gradient[i]).ToArray();
        double[] parameters = [α, .. θ, .. new double[θ.Length * θ.Length]];
        AssertClose(expected, Step<TStep>(x, parameters, [], ξ), $"{TStep.Name} lane step (C = 0) vs x − α∇R");
    }

    /// <summary>The SME step's drift: with ξ = 0 it is the unfactored SH2 step without noise.</summary>
    public static void SmeLaneStepDriftMatchesUnfactored<TStep, TModel>(double[] x, double[][] atoms, double[] weights, double α, double h)
        where TStep : IFactoredLaneStep where TModel : IRiskModel
    {
        var k = TStep.FactorCount;
        var b = atoms.Select(θ => { var f = new double[k]; TStep.DataFactors(θ, f); return f; }).ToArray();
        var β = Enumerable.Range(0, k).Select(f => atoms.Select((_, j) => weights[j] * b[j][f]).Sum()).ToArray();
        double[] parameters = [α, h, .. β, .. Enumerable.Range(0, k * k).Select(i => i % (k + 1) == 0 ? 1.0 : 0.0)];
        var actual = Step<TStep>(x, parameters, [], new double[k]);
        var expected = UnfactoredSh2<TModel>(x, atoms, weights, new double[atoms.Length], α, h, TStep.DriftOrder);
        AssertClose(expected, actual, $"{TStep.Name} lane step with ξ = 0 vs unfactored SH2 drift");
    }

    public static void SmfLaneStepMatchesUnfactored<TStep, TModel>(double[] x, double[][] atoms, double[] weights, double[] ξ, double α, double h)
        where TStep : IFactoredLaneStep where TModel : IRiskModel
    {
        // β and ζ from the factors at the atoms (what FactoredNoise does for a finite law).
        var k = TStep.FactorCount;
        var b = atoms.Select(θ => { var f = new double[k]; TStep.DataFactors(θ, f); return f; }).ToArray();
        var β = Enumerable.Range(0, k).Select(f => atoms.Select((_, j) => weights[j] * b[j][f]).Sum()).ToArray();
        var ζ = Enumerable.Range(0, k).Select(f => atoms.Select((_, j) => Math.Sqrt(weights[j]) * (β[f] - b[j][f]) * Math.Sqrt(h) * ξ[j]).Sum()).ToArray();
        double[] parameters = [α, h, .. β];
        var actual = Step<TStep>(x, parameters, ζ);
        var expected = UnfactoredSh2<TModel>(x, atoms, weights, ξ, α, h, TStep.DriftOrder);
        AssertClose(expected, actual, $"{TStep.Name} factored lane step vs unfactored SH2");
    }

    /// <summary>One SH2 step: Ȳ = (Y + h·a(Y)) + ΔI(Y), Ŷ = Y + (h/2)a(Y), Y' = (Y + (h/2)(a(Y) + a(Ȳ))) + ΔI(Ŷ).</summary>
    public static double[] UnfactoredSh2<TModel>(double[] y, double[][] atoms, double[] weights, double[] ξ, double α, double h, int order)
        where TModel : IRiskModel
    {
        var d = y.Length;
        double[] Mean(double[] z) => Enumerable.Range(0, d).Select(i => atoms.Select((θ, j) => weights[j] * RiskModelChecks.Gradient<TModel>(z, θ)[i]).Sum()).ToArray();
        double[] Drift(double[] z)
        {
            var g = Mean(z);
            var a = g.Select(v => -v).ToArray();
            if (order == 2)
            {
                var hv = new double[d];
                var column = new double[d];
                for (var j = 0; j < atoms.Length; j++)
                {
                    TModel.HessianVectorProduct(z, atoms[j], g, column);
                    for (var i = 0; i < d; i++) hv[i] += weights[j] * column[i];
                }
                for (var i = 0; i < d; i++) a[i] -= 0.5 * α * hv[i];
            }
            return a;
        }
        double[] Noise(double[] z)
        {
            var g = Mean(z);
            var n = new double[d];
            for (var j = 0; j < atoms.Length; j++)
            {
                var gj = RiskModelChecks.Gradient<TModel>(z, atoms[j]);
                for (var i = 0; i < d; i++) n[i] += Math.Sqrt(α) * Math.Sqrt(weights[j]) * (g[i] - gj[i]) * Math.Sqrt(h) * ξ[j];
            }
            return n;
        }
        var a0 = Drift(y);
        var n0 = Noise(y);
        var predictor = y.Select((v, i) => v + h * a0[i] + n0[i]).ToArray();
        var midpoint = y.Select((v, i) => v + 0.5 * h * a0[i]).ToArray();
        var a1 = Drift(predictor);
        var n1 = Noise(midpoint);
        return y.Select((v, i) => v + 0.5 * h * (a0[i] + a1[i]) + n1[i]).ToArray();
    }

    /// <summary>The feature lanes (scalar width) against the span kernels Feature, FeatureGradient and FeatureHessianVectorProduct.</summary>
    public static void FeatureLanesMatchSpanKernels<TLanes, TModel>(double[] x, double[] θ, double[] v)
        where TLanes : ILaneFeature where TModel : IMeanFieldModel
    {
        var d = x.Length;
        var (tile, direction) = (new LaneTile<double>(), new LaneTile<double>());
        for (var i = 0; i < d; i++) (Field(ref tile, i), Field(ref direction, i)) = (x[i], v[i]);
        var gradient = new double[d];
        var value = TModel.FeatureGradient(x, θ, gradient);
        AssertClose([value], [TLanes.Value<ScalarOps, double>(in tile, θ)], $"{TLanes.Name} lane Φ");
        var laneGradient = new LaneTile<double>();
        var laneValue = TLanes.Gradient<ScalarOps, double>(in tile, θ, ref laneGradient);
        AssertClose([value, .. gradient], [laneValue, .. Enumerable.Range(0, d).Select(i => Field(ref laneGradient, i))], $"{TLanes.Name} lane ∇ₓΦ");
        var hvp = new double[d];
        TModel.FeatureHessianVectorProduct(x, θ, v, hvp);
        var laneHvp = new LaneTile<double>();
        TLanes.HessianVectorProduct<ScalarOps, double>(in tile, θ, in direction, ref laneHvp);
        AssertClose(hvp, Enumerable.Range(0, d).Select(i => Field(ref laneHvp, i)).ToArray(), $"{TLanes.Name} lane ∇²ₓΦ·v");
    }

    /// <summary>One step of <typeparamref name="TStep"/> on one lane (ScalarOps), with per-lane <paramref name="normals"/> if it reads them.</summary>
    public static double[] Step<TStep>(double[] x, double[] parameters, double[] input, double[]? normals = null) where TStep : ILaneStep
    {
        var constants = new double[Math.Max(1, TStep.ConstantCount)];
        TStep.PrepareStep(parameters, input, constants);
        var tile = new LaneTile<double>();
        for (var i = 0; i < x.Length; i++) Field(ref tile, i) = x[i];
        if (TStep.LaneNormalCount > 0)
        {
            var z = new LaneTile<double>();
            for (var m = 0; m < TStep.LaneNormalCount; m++) Field(ref z, m) = normals![m];
            TStep.Step<ScalarOps, double>(ref tile, constants, in z);
        }
        else TStep.Step<ScalarOps, double>(ref tile, constants);
        return Enumerable.Range(0, x.Length).Select(i => Field(ref tile, i)).ToArray();
    }

    // LaneTile's fields X0…X15 are laid out in order.
    private static ref double Field(ref LaneTile<double> tile, int i) => ref Unsafe.Add(ref tile.X0, i);

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) && double.IsNaN(actual[i])) continue;
            var scale = Math.Max(1.0, Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= Tolerance * scale))
                Assert.Fail($"{what}: coordinate {i} is {actual[i]:R}, expected {expected[i]:R} (relative tolerance {Tolerance}).");
        }
    }
}
