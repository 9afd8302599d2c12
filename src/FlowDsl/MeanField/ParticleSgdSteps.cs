using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// The particle-SGD step on a given atom (<see cref="ParticleSgd{TModel}.StepOn"/>) as a delegate: through the
/// generated feature lanes at the scalar width when the unit has them (<see cref="PathLaneEvaluator{TLanes,TOps,TVec}.SgdStep"/>,
/// the same bits without the evaluator's block machinery), through <see cref="ParticleSgd{TModel}"/> otherwise.
/// </summary>
internal static class ParticleSgdSteps
{
    /// <summary>x ← one SGD step of x on atom j, for n = <paramref name="particleCount"/> particles (not thread-safe: one per thread).</summary>
    public static Action<double[], int> Create<TModel>(MeanFieldData data, int particleCount, double alpha) where TModel : IMeanFieldModel
    {
        var lanes = UnitKernels.FeatureLanesOf(typeof(TModel));
        if (lanes is null || (long)particleCount * TModel.Layout.ParameterCount * data.Count > PathLaneEnsemble.MaxLaneWork)
        {
            var sgd = new ParticleSgd<TModel>(data, particleCount, alpha);
            return sgd.StepOn;
        }
        var type = typeof(Step<>).MakeGenericType(lanes);
        var step = (IStep)Activator.CreateInstance(type, data, particleCount, alpha)!;
        return step.On;
    }

    private interface IStep
    {
        void On(double[] x, int atom);
    }

    private sealed class Step<TLanes>(MeanFieldData data, int particleCount, double alpha) : IStep where TLanes : ILaneFeature
    {
        private readonly PathLaneEvaluator<TLanes, ScalarOps, double> _evaluator = new(data, particleCount);

        public void On(double[] x, int atom) => _evaluator.SgdStep(x, atom, alpha);
    }
}
