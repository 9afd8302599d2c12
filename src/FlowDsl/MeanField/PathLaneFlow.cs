using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// <see cref="MeanFieldFlow{TModel}"/> (M0, M2, M3 by SH2, math.md §5.2) for <c>TOps.Count</c> Monte Carlo paths at
/// once, one path per SIMD lane: the same step, operation by operation, on <see cref="PathLaneEvaluator{TLanes,TOps,TVec}"/>,
/// so every path ends on the bits the scalar flow gives it (at every width; the tail of an ensemble runs at
/// <see cref="ScalarOps"/> with the same code).
/// </summary>
/// <summary>
/// A mean-field stepper for <c>TOps.Count</c> Monte Carlo paths at once, one path per SIMD lane (the path-parallel
/// counterpart of <see cref="MeanFieldSimulation.Run"/>): the lanes' normals are drawn per path, then
/// <see cref="Step"/> advances every lane with the scalar stepper's operations, so each path keeps its scalar bits.
/// </summary>
[SkipLocalsInit]
internal abstract class PathLaneStepper<TLanes, TOps, TVec>
    where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly double[] _laneXi, _scratch, _gather;

    protected PathLaneStepper(MeanFieldData data, int particleCount, double timeStep, bool noisy)
    {
        Evaluator = new PathLaneEvaluator<TLanes, TOps, TVec>(data, particleCount);
        X = new TVec[Evaluator.Length];
        Xi = new TVec[data.Count];
        _laneXi = new double[TOps.Count * data.Count];
        _scratch = new double[data.Count];
        _gather = new double[TOps.Count];
        TimeStep = timeStep;
        Noisy = noisy;
    }

    /// <summary>The sums of math.md §4.5 across the lanes.</summary>
    protected PathLaneEvaluator<TLanes, TOps, TVec> Evaluator { get; }

    /// <summary>The lanes' configurations (coordinate c of every lane in <c>X[c]</c>).</summary>
    protected TVec[] X { get; }

    /// <summary>The step's normals ξⱼ of every lane.</summary>
    protected TVec[] Xi { get; }

    /// <summary>The time step of one <see cref="Step"/>.</summary>
    protected double TimeStep { get; }

    /// <summary>False for a noiseless stepper (no draws).</summary>
    protected bool Noisy { get; }

    /// <summary>
    /// Runs paths <paramref name="firstPath"/> … + Count − 1 from <paramref name="initial"/> for <paramref name="steps"/>
    /// steps, ξ from <paramref name="noise"/> with <paramref name="subdivisions"/> fine steps per step; lane l's final
    /// configuration goes to <paramref name="final"/>[l·n·d ..].
    /// </summary>
    /// <exception cref="Simulation.DivergenceException">A coordinate became NaN or ±∞ (first lane, first coordinate).</exception>
    public void Run(ReadOnlySpan<double> initial, uint firstPath, int steps, FineBrownianPaths noise, int subdivisions,
        Span<double> final, string modelName, string stepperName)
    {
        var length = Evaluator.Length;
        for (var c = 0; c < length; c++) X[c] = TOps.Broadcast(initial[c]);
        var count = Xi.Length;
        for (var i = 0; i < steps; i++)
        {
            if (Noisy)
            {
                for (var l = 0; l < TOps.Count; l++)
                    noise.Draw(firstPath + (uint)l, (uint)i, subdivisions, _laneXi.AsSpan(l * count, count), _scratch);
                for (var j = 0; j < count; j++)
                {
                    for (var l = 0; l < TOps.Count; l++) _gather[l] = _laneXi[l * count + j];
                    Xi[j] = TOps.Load(in _gather[0]);
                }
            }
            Step();
            CheckFinite(firstPath, i + 1, modelName, stepperName);
        }
        for (var l = 0; l < TOps.Count; l++)
            for (var c = 0; c < length; c++) final[l * length + c] = Lane(X[c], l);
    }

    /// <summary>One step of every lane, with the normals in <see cref="Xi"/>.</summary>
    protected abstract void Step();

    /// <summary>Throws for the first lane (and coordinate) that is NaN or ±∞ after <paramref name="step"/> steps.</summary>
    public void CheckFinite(uint firstPath, int step, string modelName, string stepperName)
    {
        // x − x is 0 for a finite x and NaN otherwise; one NaN makes the lane's sum NaN.
        var sum = TOps.Broadcast(0.0);
        for (var c = 0; c < X.Length; c++) sum = TOps.Add(sum, TOps.Sub(X[c], X[c]));
        if (TOps.AllTrue(TOps.EqualTo(sum, TOps.Broadcast(0.0)))) return;
        var d = TLanes.Dimension;
        for (var l = 0; l < TOps.Count; l++)
            for (var c = 0; c < X.Length; c++)
            {
                var value = Lane(X[c], l);
                if (!double.IsFinite(value))
                    throw new Simulation.DivergenceException(modelName, stepperName, step, (int)(firstPath + l), c / d, value,
                        time: step * TimeStep, coordinate: c % d);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lane(TVec vector, int lane) => Unsafe.Add(ref Unsafe.As<TVec, double>(ref vector), lane);
}

/// <summary>
/// <see cref="MeanFieldFlow{TModel}"/> (M0, M2, M3 by SH2, math.md §5.2) for <c>TOps.Count</c> Monte Carlo paths at
/// once, one path per SIMD lane: the same step, operation by operation, on <see cref="PathLaneEvaluator{TLanes,TOps,TVec}"/>,
/// so every path ends on the bits the scalar flow gives it (at every width; the tail of an ensemble runs at
/// <see cref="ScalarOps"/> with the same code).
/// </summary>
[SkipLocalsInit]
internal sealed class PathLaneFlow<TLanes, TOps, TVec> : PathLaneStepper<TLanes, TOps, TVec>
    where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly TVec[] _drift, _predicted, _noise, _support;
    private readonly bool _corrected;
    private readonly double _alpha, _h;

    /// <summary>The flow <paramref name="kind"/> of n = <paramref name="particleCount"/> particles, h = α/<paramref name="substeps"/>.</summary>
    public PathLaneFlow(MeanFieldData data, int particleCount, MeanFieldFlowKind kind, double alpha, int substeps)
        : base(data, particleCount, alpha / substeps, kind != MeanFieldFlowKind.MeanFieldOde)
    {
        var length = Evaluator.Length;
        _drift = new TVec[length];
        _predicted = new TVec[length];
        _noise = new TVec[length];
        _support = new TVec[length];
        _corrected = kind == MeanFieldFlowKind.DistributionDependentModifiedFlow;
        _alpha = alpha;
        _h = alpha / substeps;
    }

    /// <summary>One SH2 step of every lane, as <see cref="MeanFieldFlow{TModel}.Step"/>.</summary>
    protected override void Step()
    {
        var h = TOps.Broadcast(_h);
        var sqrtStep = Math.Sqrt(_h);
        var noiseScale = TOps.Broadcast(Math.Sqrt(_alpha));
        var length = Evaluator.Length;

        Drift(X, _drift);
        if (Noisy) Evaluator.NoiseIncrement(Xi, sqrtStep, _noise);

        // Predictor Ȳ = Y + a h + √α ΔI(Y).
        for (var c = 0; c < length; c++) _support[c] = TOps.Add(TOps.Mul(_drift[c], h), X[c]);
        if (Noisy)
            for (var c = 0; c < length; c++) _support[c] = TOps.Add(TOps.Mul(_noise[c], noiseScale), _support[c]);
        Drift(_support, _predicted);

        if (Noisy)
        {
            // Midpoint Ŷ = Y + ½ a h for the diffusion.
            var half = TOps.Broadcast(0.5 * _h);
            for (var c = 0; c < length; c++) _support[c] = TOps.Add(TOps.Mul(_drift[c], half), X[c]);
            Evaluator.ResidualsAndField(_support);
            Evaluator.NoiseIncrement(Xi, sqrtStep, _noise);
        }

        // Y += ½(a(Y) + a(Ȳ)) h + √α ΔI(Ŷ), the increment formed first.
        var halfStep = TOps.Broadcast(0.5 * _h);
        for (var c = 0; c < length; c++)
        {
            var increment = TOps.Mul(TOps.Add(_drift[c], _predicted[c]), halfStep);
            if (Noisy) increment = TOps.Add(TOps.Mul(_noise[c], noiseScale), increment);
            X[c] = TOps.Add(X[c], increment);
        }
    }

    /// <summary>Vₖ, or the DD-SMF drift Vₖ + (−α/2)[(JV)ₖ + Mₖ] (<see cref="MeanFieldEvaluator{TModel}.Drift"/>).</summary>
    private void Drift(TVec[] x, TVec[] destination)
    {
        Evaluator.ResidualsAndField(x);
        var field = Evaluator.Field;
        if (!_corrected)
        {
            field.CopyTo(destination, 0);
            return;
        }
        Evaluator.CorrectionTerms(x);
        var scale = TOps.Broadcast(-0.5 * _alpha);
        var (spatial, measure) = (Evaluator.Spatial, Evaluator.Measure);
        for (var c = 0; c < destination.Length; c++)
            destination[c] = TOps.Add(TOps.Mul(TOps.Add(spatial[c], measure[c]), scale), field[c]);
    }
}
