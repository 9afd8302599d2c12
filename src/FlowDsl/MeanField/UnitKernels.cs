using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// Which unit kernels the mean-field sums call. The default runs the generated feature lanes at the widest accelerated
/// width when the model has them (<see cref="ILaneFeatureModel{TLanes}"/>) and the span kernels otherwise.
/// </summary>
/// <param name="Width">The lane width of full tiles; every width gives the same bits.</param>
/// <param name="SpanOnly">Call the span kernels even when the model has feature lanes (they differ by rounding only).</param>
internal readonly record struct UnitKernelOptions(SimdWidth Width = SimdWidth.Auto, bool SpanOnly = false)
{
    /// <summary>The span kernels, one call per particle.</summary>
    public static UnitKernelOptions Span => new(SpanOnly: true);
}

/// <summary>Chooses the unit kernels of a model once, by reflection; the calls then go through <see cref="IUnitKernels"/>.</summary>
internal static class UnitKernels
{
    /// <summary>The kernels for <typeparamref name="TModel"/> and <paramref name="particleCount"/> particles.</summary>
    /// <exception cref="PlatformNotSupportedException">The width is not accelerated on this machine.</exception>
    /// <exception cref="InvalidOperationException">The model's feature lanes do not have its dimensions.</exception>
    public static IUnitKernels Create<TModel>(int particleCount, UnitKernelOptions options) where TModel : IMeanFieldModel
    {
        var width = SimdWidths.Resolve(options.Width);
        var lanes = options.SpanOnly ? null : Lanes<TModel>.Type;
        if (lanes is null) return new SpanUnitKernels<TModel>();
        var (ops, vector) = width switch
        {
            SimdWidth.Scalar => (typeof(ScalarOps), typeof(double)),
            SimdWidth.Vector256 => (typeof(V256Ops), typeof(Vector256<double>)),
            _ => (typeof(V512Ops), typeof(Vector512<double>)),
        };
        CheckShape<TModel>(lanes);
        return (IUnitKernels)Activator.CreateInstance(typeof(LaneUnitKernels<,,>).MakeGenericType(lanes, ops, vector), particleCount)!;
    }

    /// <summary>TLanes when <paramref name="model"/> implements <see cref="ILaneFeatureModel{TLanes}"/>, else null.</summary>
    internal static Type? FeatureLanesOf(Type model) =>
        model.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILaneFeatureModel<>))
            ?.GetGenericArguments()[0];

    /// <summary>The feature lanes of <typeparamref name="TModel"/>, looked up once per model type.</summary>
    private static class Lanes<TModel> where TModel : IMeanFieldModel
    {
        public static readonly Type? Type = FeatureLanesOf(typeof(TModel));
    }

    private static void CheckShape<TModel>(Type lanes) where TModel : IMeanFieldModel
    {
        var dimension = (int)lanes.GetProperty(nameof(ILaneFeature.Dimension))!.GetValue(null)!;
        var dataLength = (int)lanes.GetProperty(nameof(ILaneFeature.DataLength))!.GetValue(null)!;
        if (dimension != TModel.Layout.ParameterCount || dataLength != TModel.Layout.DataCount)
            throw new InvalidOperationException(
                $"{TModel.Name}: its feature lanes {lanes.Name} have d = {dimension} and θ of length {dataLength}; the model has d = {TModel.Layout.ParameterCount} and θ of length {TModel.Layout.DataCount}.");
    }
}
