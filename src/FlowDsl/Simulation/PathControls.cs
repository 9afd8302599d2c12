namespace FlowDsl.Simulation;

/// <summary>
/// Per-path values computed from the noise a simulator draws, alongside the simulation (the surrogate control variates of
/// math.md §7.3.4). The simulator creates one worker per thread and calls, for each path, Begin, Step for every step in
/// order, and End; the values of path p are stored at [c][p].
/// </summary>
/// <param name="Count">Values per path.</param>
/// <param name="Worker">A fresh worker (called once per thread).</param>
internal sealed record PathControls<TWorker>(int Count, Func<TWorker> Worker) where TWorker : IPathControl;

/// <summary>One worker thread's accumulator of <see cref="PathControls{TWorker}"/>.</summary>
internal interface IPathControl
{
    /// <summary>Starts a path.</summary>
    void Begin();

    /// <summary>Ends the path: its <see cref="PathControls{TWorker}.Count"/> values.</summary>
    void End(Span<double> values);
}

/// <summary>Reads SGD's draws: step i's θᵢ,₁..θᵢ,B.</summary>
internal interface ISgdPathControl : IPathControl
{
    void Step(int step, double[][] draws);
}

/// <summary>Reads a continuous model's Brownian increment ΔWₖ of solver step k (one starting point).</summary>
internal interface ISdePathControl : IPathControl
{
    void Step(int step, ReadOnlySpan<double> dW);
}
