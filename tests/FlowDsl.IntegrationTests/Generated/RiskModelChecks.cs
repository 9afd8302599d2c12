namespace FlowDsl.IntegrationTests.Generated;

/// <summary>
/// Checks any generated <see cref="IRiskModel"/> against central finite differences of its own <c>UserRisk</c>
/// (generic over the model through the static abstract interface, as runtime code is).
/// </summary>
internal static class RiskModelChecks
{
    /// <summary>Risk equals UserRisk; Gradient returns R and matches ∂R/∂x_k on <paramref name="coordinates"/> sampled entries.</summary>
    public static void GradientMatchesFiniteDifferences<TModel>(double[] x, double[] θ, int coordinates = int.MaxValue) where TModel : IRiskModel
    {
        var gradient = new double[x.Length];
        var r = TModel.Gradient(x, θ, gradient);
        DerivativeOracle.AssertClose(TModel.UserRisk(x, θ), r, 1e-12, $"{TModel.Name}.Gradient's returned R");
        DerivativeOracle.AssertClose(TModel.UserRisk(x, θ), TModel.Risk(x, θ), 1e-12, $"{TModel.Name}.Risk");

        var indices = SampleIndices(x.Length, coordinates);
        var expected = indices.Select(k => DerivativeOracle.Partial(z => TModel.UserRisk(z, θ), x, k)).ToArray();
        DerivativeOracle.AssertClose(expected, indices.Select(k => gradient[k]).ToArray(), $"{TModel.Name} ∇ₓR");
    }

    /// <summary>∇²ₓR·v matches the directional finite difference of the generated gradient (itself checked against UserRisk).</summary>
    public static void HessianVectorProductMatchesFiniteDifferences<TModel>(double[] x, double[] θ, double[] v) where TModel : IRiskModel
    {
        var result = new double[x.Length];
        TModel.HessianVectorProduct(x, θ, v, result);
        var expected = DerivativeOracle.Directional(z => Gradient<TModel>(z, θ), x, v);
        DerivativeOracle.AssertClose(expected, result, $"{TModel.Name} ∇²ₓR·v");
    }

    /// <summary>(∂_θ∇ₓR)·u matches the finite difference of the generated gradient along u in θ.</summary>
    public static void DataJacobianProductMatchesFiniteDifferences<TModel>(double[] x, double[] θ, double[] u) where TModel : IRiskModel
    {
        var result = new double[x.Length];
        TModel.DataJacobianProduct(x, θ, u, result);
        var expected = DerivativeOracle.Directional(t => Gradient<TModel>(x, t), θ, u);
        DerivativeOracle.AssertClose(expected, result, $"{TModel.Name} (∂_θ∇ₓR)·u");
    }

    /// <summary>
    /// AddGradient adds exactly ∇ₓR: from a running sum s it leaves s[i] + g[i] (IEEE addition of the entries of
    /// Gradient's g), bit for bit, and returns Gradient's R.
    /// </summary>
    public static void AddGradientAddsTheGradient<TModel>(double[] x, double[] θ, double[] sum) where TModel : IRiskModel, IAccumulatingGradient
    {
        var g = new double[x.Length];
        var r = TModel.Gradient(x, θ, g);
        var actual = (double[])sum.Clone();
        var added = TModel.AddGradient(x, θ, actual);
        Assert.Equal(BitConverter.DoubleToInt64Bits(r), BitConverter.DoubleToInt64Bits(added));
        for (var i = 0; i < x.Length; i++)
        {
            var expected = sum[i] + g[i];
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{TModel.Name}.AddGradient: coordinate {i} is {actual[i]:R}, the sum {sum[i]:R} + ∂R/∂x = {g[i]:R} is {expected:R}");
        }
    }

    public static double[] Gradient<TModel>(double[] x, double[] θ) where TModel : IRiskModel
    {
        var g = new double[x.Length];
        TModel.Gradient(x, θ, g);
        return g;
    }

    private static int[] SampleIndices(int length, int count) =>
        count >= length
            ? Enumerable.Range(0, length).ToArray()
            : Enumerable.Range(0, count).Select(i => (int)((long)i * length / count)).ToArray();
}
