namespace FlowDsl.MeanField;

/// <summary>Runs mean-field steppers over a horizon, one path or an ensemble of paths, with NaN/∞ detection.</summary>
public static class MeanFieldSimulation
{
    /// <summary>The number of steps that reach <paramref name="horizon"/> exactly; throws when T/step is not an integer.</summary>
    public static int StepsFor(IMeanFieldStepper stepper, double horizon)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        if (!double.IsFinite(horizon) || horizon < 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon T must be a finite number ≥ 0.");
        var steps = Math.Round(horizon / stepper.TimeStep);
        if (Math.Abs(steps * stepper.TimeStep - horizon) > 1e-9 * Math.Max(1, horizon))
            throw new ArgumentException($"T = {horizon} is not a whole number of steps of {stepper.TimeStep} ({stepper.Name}); pick α = T/N with N an integer.", nameof(horizon));
        return (int)steps;
    }

    /// <summary>
    /// Advances x in place to <paramref name="horizon"/>; calls <paramref name="observer"/>(step, t, x) at t = 0 and after
    /// every <paramref name="observeEvery"/>-th step (and the last).
    /// </summary>
    /// <exception cref="Simulation.DivergenceException">A coordinate became NaN or ±∞ (names model, step, time, particle and coordinate).</exception>
    public static void Run(IMeanFieldStepper stepper, double[] x, double horizon, ulong seed, uint path,
        Action<int, double, double[]>? observer = null, int observeEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observeEvery);
        var steps = StepsFor(stepper, horizon);
        if (x.Length != stepper.ParticleCount * stepper.Dimension)
            throw new ArgumentException($"{stepper.Name} needs n×d = {stepper.ParticleCount * stepper.Dimension} numbers, got {x.Length}.", nameof(x));
        CheckFinite(stepper, x, path, 0);
        observer?.Invoke(0, 0.0, x);
        for (var i = 0; i < steps; i++)
        {
            stepper.Step(x, seed, path, (uint)i);
            CheckFinite(stepper, x, path, i + 1);
            if (observer is not null && ((i + 1) % observeEvery == 0 || i + 1 == steps))
                observer(i + 1, (i + 1) * stepper.TimeStep, x);
        }
    }

    /// <summary>
    /// Runs <paramref name="paths"/> paths from the same <paramref name="initial"/> configuration and evaluates
    /// <paramref name="observables"/> at the horizon. Paths run in parallel, each with its own stepper from
    /// <paramref name="createStepper"/>; path p uses (seed, firstPath + p), so results do not depend on the thread count.
    /// </summary>
    /// <returns>values[p, o] for path p and observable o.</returns>
    public static double[,] RunEnsemble(Func<IMeanFieldStepper> createStepper, double[] initial, int paths, double horizon,
        IReadOnlyList<MeasureObservable> observables, ulong seed, int threads = 1, uint firstPath = 0)
    {
        ArgumentNullException.ThrowIfNull(createStepper);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(observables);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        var values = new double[paths, observables.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, paths, options, () => (Stepper: createStepper(), State: new double[initial.Length]),
            (p, _, local) =>
            {
                initial.CopyTo(local.State, 0);
                Run(local.Stepper, local.State, horizon, seed, firstPath + (uint)p);
                for (var o = 0; o < observables.Count; o++)
                    values[p, o] = Study.ObservableException.Finite(observables[o].Evaluate(local.State), observables[o].Name,
                        local.Stepper.Name, (int)(firstPath + p), local.State);
                return local;
            },
            static _ => { });
        return values;
    }

    internal static void CheckFinite(IMeanFieldStepper stepper, double[] x, uint path, int step)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
                throw new Simulation.DivergenceException(stepper.ModelName, stepper.Name, step, (int)path, i / stepper.Dimension, x[i],
                    time: step * stepper.TimeStep, coordinate: i % stepper.Dimension);
        }
    }
}
