using FlowDsl.Models;
using FlowDsl.Simd;
using static FlowDsl.Ops;

namespace FlowDsl.Tests.Means;

/// <summary>
/// A risk that is not polynomial in x or θ, with several data factors (a vector, a label, a scale):
/// R = s·Softplus(c(w·a) + b) + ⅒·Cos(w₀a₁ − bs) + ¼(w·w)·Exp(−½s²) with x = (w, b), θ = (a, c, s).
/// </summary>
[FlowModel]
public partial class MixedDataModel
{
    [Risk]
    public static double R([Dim(3)] Vec w, double b, [Data, Dim(3)] Vec a, [Data] double c, [Data] double s) =>
        s * Softplus(c * (Dot(w, a) + b)) + 0.1 * Cos(w[0] * a[1] - b * s) + 0.25 * Dot(w, w) * Exp(-0.5 * s * s);

    [Law]
    public static Law P => Law.Normal([0.2, -0.1, 0.0, 0.5, 1.0], new double[,]
    {
        { 1.0, 0.2, 0.0, 0.0, 0.0 }, { 0.2, 0.8, 0.1, 0.0, 0.0 }, { 0.0, 0.1, 0.6, 0.0, 0.0 }, { 0.0, 0.0, 0.0, 0.3, 0.0 }, { 0.0, 0.0, 0.0, 0.0, 0.1 },
    });
}

/// <summary>
/// The mean quantities summed over node lanes (<see cref="MeanRisk{TModel}"/> with the generated <c>NodeLanes</c>) against an
/// independent evaluation — plain loops over the nodes calling the model's span kernels Gradient and HessianVectorProduct —
/// and the same bits at every SIMD width.
/// </summary>
public sealed class NodeLaneMeansTests
{
    private const double Tolerance = 1e-13;

    /// <summary>37 atoms (four tiles of 8 and a padded tail of 5) of a law on (a, b), a ∈ ℝ², b = ±1, with unequal weights.</summary>
    private static Law SoftplusAtoms() => Law.Empirical(
        [.. Enumerable.Range(0, 37).Select(j => new[] { 1.3 * Math.Sin(0.7 * j + 0.2), Math.Cos(1.9 * j), j % 3 == 0 ? -1.0 : 1.0 })],
        [.. Enumerable.Range(0, 37).Select(j => 1.0 + 0.5 * Math.Sin(j))]);

    public static TheoryData<string> Models => ["TwoLayerTanh", "SoftplusRegression", "MixedDataModel (Gauss rule)", "MixedDataModel (atoms)"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Lane_sums_agree_with_plain_loops_over_the_nodes(string model)
    {
        switch (model)
        {
            case "TwoLayerTanh":
                CheckAgainstLoops(new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-2, 256)), 8);
                break;
            case "SoftplusRegression":
                CheckAgainstLoops(new MeanRisk<SoftplusRegression>(SoftplusAtoms()), 3);
                break;
            case "MixedDataModel (Gauss rule)":
                CheckAgainstLoops(new MeanRisk<MixedDataModel>(accuracy: new MeanAccuracy(1e-2, 400)), 4);
                break;
            default:
                CheckAgainstLoops(new MeanRisk<MixedDataModel>(Law.Empirical(
                    [.. Enumerable.Range(0, 21).Select(j => Enumerable.Range(0, 5).Select(k => Math.Sin(1.1 * j + 0.7 * k) + (k == 4 ? 1.2 : 0)).ToArray())])), 4);
                break;
        }
    }

    private static void CheckAgainstLoops<TModel>(MeanRisk<TModel> mean, int d) where TModel : IRiskModel
    {
        Assert.True(mean.HasNodeLanes, $"{TModel.Name} should sum its means over node lanes ({mean.Method})");
        var rule = mean.KernelNodes!;
        var cache = NodeGradientCache<TModel>.For(mean)!;
        foreach (var x in Points(d))
        {
            var v = Enumerable.Range(0, d).Select(i => Math.Cos(2.3 * i + x[0])).ToArray();
            // Reference: Σₙ wₙ gₙ, Σₙ wₙ Hₙv and Σₙ wₙ (gₙ − ḡ)(gₙ − ḡ)ᵀ with one span-kernel call per node, and Σₙ wₙ|termₙ| as the scale.
            var (g, gScale) = (new double[d], new double[d]);
            var (hv, hvScale) = (new double[d], new double[d]);
            var node = new double[d];
            var nodeGradients = new double[rule.Count][];
            for (var n = 0; n < rule.Count; n++)
            {
                var w = rule.Weights[n];
                TModel.Gradient(x, rule.Nodes[n], node);
                nodeGradients[n] = (double[])node.Clone();
                for (var i = 0; i < d; i++) (g[i], gScale[i]) = (g[i] + w * node[i], gScale[i] + w * Math.Abs(node[i]));
                TModel.HessianVectorProduct(x, rule.Nodes[n], v, node);
                for (var i = 0; i < d; i++) (hv[i], hvScale[i]) = (hv[i] + w * node[i], hvScale[i] + w * Math.Abs(node[i]));
            }
            var (sigma, sigmaScale) = (new double[d * d], new double[d * d]);
            for (var n = 0; n < rule.Count; n++)
                for (var i = 0; i < d; i++)
                    for (var j = 0; j < d; j++)
                    {
                        var term = rule.Weights[n] * (nodeGradients[n][i] - g[i]) * (nodeGradients[n][j] - g[j]);
                        (sigma[i * d + j], sigmaScale[i * d + j]) = (sigma[i * d + j] + term, sigmaScale[i * d + j] + Math.Abs(term));
                    }

            var actual = new double[d];
            mean.Gradient(x, actual);
            Close("∇R", g, actual, gScale);
            mean.HessianVectorProduct(x, v, actual);
            Close("∇²R·v", hv, actual, hvScale);
            var kernel = new double[d * d];
            cache.Kernel(x, kernel);
            Close("Σ", sigma, kernel, sigmaScale);
        }
    }

    private static void Close(string what, double[] expected, double[] actual, double[] scale)
    {
        var largest = scale.Max();
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(scale[i], 1e-3 * largest),
                $"{what}[{i}]: {actual[i]:R} (lanes) vs {expected[i]:R} (loops), scale {scale[i]:E2}");
    }

    [Fact]
    public void Every_width_gives_the_same_bits()
    {
        Assert.Equal(Bits<TwoLayerTanh>(() => new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-2, 256)), SimdWidth.Scalar),
            Bits<TwoLayerTanh>(() => new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-2, 256)), SimdWidth.Auto));
        foreach (var width in SimdWidths.Supported)
        {
            Assert.Equal(Bits<SoftplusRegression>(() => new MeanRisk<SoftplusRegression>(SoftplusAtoms()), SimdWidth.Scalar),
                Bits<SoftplusRegression>(() => new MeanRisk<SoftplusRegression>(SoftplusAtoms()), width));
            Assert.Equal(Bits<MixedDataModel>(() => new MeanRisk<MixedDataModel>(accuracy: new MeanAccuracy(1e-2, 400)), SimdWidth.Scalar),
                Bits<MixedDataModel>(() => new MeanRisk<MixedDataModel>(accuracy: new MeanAccuracy(1e-2, 400)), width));
        }
    }

    /// <summary>∇R, ∇²R·v and Σ at two points with the node lanes at <paramref name="width"/>, as bits.</summary>
    private static long[] Bits<TModel>(Func<MeanRisk<TModel>> create, SimdWidth width) where TModel : IRiskModel
    {
        var mean = create();
        mean.UseNodeLanes(width);
        Assert.True(mean.HasNodeLanes);
        var d = mean.Dimension;
        var cache = NodeGradientCache<TModel>.For(mean)!;
        var values = new List<double>();
        foreach (var x in Points(d))
        {
            var g = new double[d];
            mean.Gradient(x, g);
            var hv = new double[d];
            mean.HessianVectorProduct(x, g, hv);
            var kernel = new double[d * d];
            cache.Kernel(x, kernel);
            values.AddRange([.. g, .. hv, .. kernel]);
        }
        return [.. values.Select(BitConverter.DoubleToInt64Bits)];
    }

    [Fact]
    public void Models_without_node_sums_or_lanes_keep_the_span_kernels()
    {
        Assert.False(new MeanRisk<LinearRegression>().HasNodeLanes); // ∇R affine in θ: closed form
        Assert.False(new MeanRisk<Quadratic>().HasNodeLanes);
        var reference = new MeanRisk<TwoLayerTanh>(accuracy: new MeanAccuracy(1e-2, 256));
        reference.UseNodeLanes(null);
        Assert.False(reference.HasNodeLanes);
    }

    private static IEnumerable<double[]> Points(int d) =>
    [
        [.. Enumerable.Range(0, d).Select(i => 0.8 - 0.45 * i + 0.07 * i * i)],
        [.. Enumerable.Range(0, d).Select(i => 0.3 * Math.Sin(1.3 * i + 0.5) - 0.2)],
        [.. Enumerable.Range(0, d).Select(i => 2.5 * Math.Cos(0.9 * i))],
    ];
}
