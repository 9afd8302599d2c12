using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// One stepper of an ensemble: the flow <paramref name="Kind"/> at α with h = α/substeps, or (when
/// <paramref name="GaussianSgd"/>) Gaussian SGD at step α; and how many fine Brownian steps make one step.
/// </summary>
internal readonly record struct FlowRun(MeanFieldFlowKind Kind, double Alpha, int Substeps, int Subdivisions, bool GaussianSgd = false)
{
    /// <summary>Gaussian SGD (<see cref="GaussianParticleSgd{TModel}"/>) at step α.</summary>
    public static FlowRun Gaussian(double alpha, int subdivisions) =>
        new(MeanFieldFlowKind.DistributionDependentFlow, alpha, 1, subdivisions, GaussianSgd: true);

    /// <summary>The scalar stepper of this run (the reference; also for its name and step count).</summary>
    public IMeanFieldStepper Scalar<TModel>(MeanFieldData data, int particleCount, bool antithetic) where TModel : IMeanFieldModel =>
        GaussianSgd
            ? new GaussianParticleSgd<TModel>(data, particleCount, Alpha) { Antithetic = antithetic, NoiseSubdivisions = Subdivisions }
            : new MeanFieldFlow<TModel>(data, particleCount, Kind, Alpha, Substeps) { Antithetic = antithetic, NoiseSubdivisions = Subdivisions };
}

/// <summary>
/// Runs an ensemble of mean-field flow (or Gaussian SGD) paths many paths per SIMD lane group (<see cref="PathLaneFlow{TLanes,TOps,TVec}"/>):
/// the path-parallel counterpart of <see cref="MeanFieldSimulation.RunEnsemble"/> with a <see cref="MeanFieldFlow{TModel}"/>,
/// giving the same bits per path. Used when the unit has generated feature lanes and the configuration is small
/// (n·d·N ≤ <see cref="MaxLaneWork"/>: many paths of a small system, where the per-configuration work is too small to
/// vectorise over particles); otherwise the scalar ensemble runs.
/// </summary>
internal static class PathLaneEnsemble
{
    /// <summary>The largest n·d·N run in lanes (the kept gradients of a lane group then stay within 1 MB at 512 bits).</summary>
    internal const int MaxLaneWork = 1 << 14;

    /// <summary>
    /// Ψ at the horizon for paths <paramref name="firstPath"/> … + <paramref name="paths"/> − 1: values[p, o]. Path p
    /// uses (seed, firstPath + p) through <paramref name="noise"/> (its seed and antithetic pairing), so the values do not depend on the thread count.
    /// </summary>
    public static double[,] Run<TModel>(MeanFieldData data, double[] initial, FlowRun flow, int paths,
        uint firstPath, double horizon, IReadOnlyList<MeasureObservable> observables, FineBrownianPaths noise, int threads,
        SimdWidth width = SimdWidth.Auto) where TModel : IMeanFieldModel
    {
        var n = initial.Length / TModel.Layout.ParameterCount;
        var reference = flow.Scalar<TModel>(data, n, noise.Antithetic);
        var lanes = UnitKernels.FeatureLanesOf(typeof(TModel));
        if (lanes is null || (long)initial.Length * data.Count > MaxLaneWork)
            return MeanFieldSimulation.RunEnsemble(() => flow.Scalar<TModel>(data, n, noise.Antithetic), initial, paths, horizon,
                observables, noise.Seed, threads, firstPath);
        var steps = MeanFieldSimulation.StepsFor(reference, horizon);
        MeanFieldSimulation.CheckFinite(reference, initial, firstPath, 0);
        var (ops, vector) = LaneTypes(width);
        var runner = (IRunner)Activator.CreateInstance(typeof(Runner<,,>).MakeGenericType(lanes, ops, vector))!;
        return runner.Run(data, initial, n, flow, paths, firstPath, steps, observables, noise, threads, TModel.Name, reference.Name);
    }

    /// <summary>The ops and vector types of a lane width (<see cref="SimdWidth.Auto"/>: the widest accelerated).</summary>
    internal static (Type Ops, Type Vector) LaneTypes(SimdWidth width) => SimdWidths.Resolve(width) switch
    {
        SimdWidth.Scalar => (typeof(ScalarOps), typeof(double)),
        SimdWidth.Vector256 => (typeof(V256Ops), typeof(Vector256<double>)),
        _ => (typeof(V512Ops), typeof(Vector512<double>)),
    };

    private interface IRunner
    {
        double[,] Run(MeanFieldData data, double[] initial, int n, FlowRun flow, int paths, uint firstPath, int steps,
            IReadOnlyList<MeasureObservable> observables, FineBrownianPaths noise, int threads, string modelName, string stepperName);
    }

    /// <summary>Full groups of <c>TOps.Count</c> paths at the wide width, the remaining paths one at a time at <see cref="ScalarOps"/>.</summary>
    private sealed class Runner<TLanes, TOps, TVec> : IRunner
        where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
    {
        public double[,] Run(MeanFieldData data, double[] initial, int n, FlowRun flow, int paths, uint firstPath, int steps,
            IReadOnlyList<MeasureObservable> observables, FineBrownianPaths noise, int threads, string modelName, string stepperName)
        {
            var width = TOps.Count;
            var groups = paths / width;
            var units = groups + paths % width; // full groups, then single tail paths
            var values = new double[paths, observables.Count];
            var length = initial.Length;
            Parallel.For(0, units, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => (Wide: (PathLaneStepper<TLanes, TOps, TVec>?)null, Single: (PathLaneStepper<TLanes, ScalarOps, double>?)null,
                       Final: new double[width * length], State: new double[length]),
                (unit, _, s) =>
                {
                    int first, count;
                    if (unit < groups)
                    {
                        (first, count) = (unit * width, width);
                        s.Wide ??= Create<TOps, TVec>(data, n, flow);
                        s.Wide.Run(initial, firstPath + (uint)first, steps, noise, flow.Subdivisions, s.Final, modelName, stepperName);
                    }
                    else
                    {
                        (first, count) = (groups * width + unit - groups, 1);
                        s.Single ??= Create<ScalarOps, double>(data, n, flow);
                        s.Single.Run(initial, firstPath + (uint)first, steps, noise, flow.Subdivisions, s.Final, modelName, stepperName);
                    }
                    for (var l = 0; l < count; l++)
                    {
                        s.Final.AsSpan(l * length, length).CopyTo(s.State);
                        var p = first + l;
                        for (var o = 0; o < observables.Count; o++)
                            values[p, o] = Study.ObservableException.Finite(observables[o].Evaluate(s.State), observables[o].Name,
                                stepperName, (int)(firstPath + p), s.State);
                    }
                    return s;
                },
                static _ => { });
            return values;
        }

        private static PathLaneStepper<TLanes, TO, TV> Create<TO, TV>(MeanFieldData data, int n, FlowRun flow)
            where TO : ISimdOps<TV> where TV : struct =>
            flow.GaussianSgd
                ? new PathLaneGaussianSgd<TLanes, TO, TV>(data, n, flow.Alpha)
                : new PathLaneFlow<TLanes, TO, TV>(data, n, flow.Kind, flow.Alpha, flow.Substeps);
    }
}
