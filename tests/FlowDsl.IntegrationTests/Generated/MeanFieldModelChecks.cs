namespace FlowDsl.IntegrationTests.Generated;

/// <summary>Checks any generated <see cref="IMeanFieldModel"/> against finite differences of its own <c>UserFeature</c>/<c>UserTarget</c>.</summary>
internal static class MeanFieldModelChecks
{
    /// <summary>Feature/Target equal the user's methods; ∇ₓΦ matches finite differences of UserFeature; ∇²ₓΦ·v those of the gradient.</summary>
    public static void DerivativesMatchFiniteDifferences<TModel>(double[] x, double[] θ, double[] v) where TModel : IMeanFieldModel
    {
        DerivativeOracle.AssertClose(TModel.UserFeature(x, θ), TModel.Feature(x, θ), 1e-12, $"{TModel.Name} Φ");
        DerivativeOracle.AssertClose(TModel.UserTarget(θ), TModel.Target(θ), 1e-12, $"{TModel.Name} f");

        var gradient = new double[x.Length];
        var phi = TModel.FeatureGradient(x, θ, gradient);
        DerivativeOracle.AssertClose(TModel.UserFeature(x, θ), phi, 1e-12, $"{TModel.Name} FeatureGradient's Φ");
        var expected = Enumerable.Range(0, x.Length).Select(k => DerivativeOracle.Partial(z => TModel.UserFeature(z, θ), x, k)).ToArray();
        DerivativeOracle.AssertClose(expected, gradient, $"{TModel.Name} ∇ₓΦ");

        var hvp = new double[x.Length];
        TModel.FeatureHessianVectorProduct(x, θ, v, hvp);
        var expectedHvp = DerivativeOracle.Directional(z =>
        {
            var g = new double[x.Length];
            TModel.FeatureGradient(z, θ, g);
            return g;
        }, x, v);
        DerivativeOracle.AssertClose(expectedHvp, hvp, $"{TModel.Name} ∇²ₓΦ·v");
    }
}
