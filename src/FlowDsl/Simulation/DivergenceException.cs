namespace FlowDsl.Simulation;

/// <summary>
/// A simulated state became NaN or ±∞. The message names the model, the simulator, the step and the particle/path,
/// so the run can be reproduced (same seed ⇒ same failure).
/// </summary>
public sealed class DivergenceException : Exception
{
    /// <summary>Creates the exception for model <paramref name="model"/> in <paramref name="simulator"/> at SGD step <paramref name="step"/>.</summary>
    public DivergenceException(string model, string simulator, int step, int path, int point, double value)
        : base($"The state of model '{model}' diverged in {simulator}: coordinate value {value} at SGD step {step} (t = step·α), path {path}, point {point}. " +
               "Reduce the learning rate α or the substep size, or check the model for overflow.")
    {
        Model = model;
        Simulator = simulator;
        Step = step;
        Path = path;
        Point = point;
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }
    /// <summary>The simulator (for example "SGD" or "SMF-2 / stochastic Heun").</summary>
    public string Simulator { get; }
    /// <summary>The SGD step index i (time t = iα) after which the state was not finite.</summary>
    public int Step { get; }
    /// <summary>The Monte Carlo path.</summary>
    public int Path { get; }
    /// <summary>The starting point (particle) within the path.</summary>
    public int Point { get; }
}
