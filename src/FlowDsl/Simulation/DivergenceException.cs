namespace FlowDsl.Simulation;

/// <summary>
/// A simulated state became NaN or ±∞: SGD, an SME/SMF path, particle SGD or a mean-field flow. The message names the
/// model, the simulator, the step, the path and the particle (and, when known, the coordinate and the time), so the
/// run can be reproduced (same seed ⇒ same failure).
/// </summary>
public sealed class DivergenceException : ArithmeticException
{
    /// <summary>Creates the exception for model <paramref name="model"/> in <paramref name="simulator"/> after step <paramref name="step"/>.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="simulator">The simulator, for example "SGD" or "M3 DD-SMF (SH2, …)".</param>
    /// <param name="step">The step after which the state was not finite: an SGD step (t = step·α) unless <paramref name="time"/> says otherwise.</param>
    /// <param name="path">The Monte Carlo path.</param>
    /// <param name="point">The starting point or particle with the non-finite coordinate.</param>
    /// <param name="value">The non-finite value.</param>
    /// <param name="time">The time reached, when a step is not an SGD step (a solver step h of a mean-field flow).</param>
    /// <param name="coordinate">The coordinate within the particle, when known.</param>
    /// <param name="stepLabel">What a step is when neither an SGD step nor timed (for example "lane step"); null: an SGD step.</param>
    public DivergenceException(string model, string simulator, int step, int path, int point, double value, double? time = null, int? coordinate = null,
        string? stepLabel = null)
        : base($"The state of model '{model}' diverged in {simulator}: {(coordinate is { } c ? $"coordinate {c} of particle {point}" : $"a coordinate of particle {point}")} " +
               $"became {value} at {(time is { } t ? $"step {step} (t = {t:G6})" : stepLabel is not null ? $"{stepLabel} {step}" : $"SGD step {step} (t = step·α)")}, path {path}. " +
               "Reduce the learning rate α or the substep size, or check the model for overflow.")
    {
        Model = model;
        Simulator = simulator;
        Step = step;
        Path = path;
        Point = point;
        Value = value;
        Time = time;
        Coordinate = coordinate;
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }
    /// <summary>The simulator (for example "SGD", "SMF-2 / stochastic Heun" or "M3 DD-SMF (SH2, α = 0.1, h = α/4)").</summary>
    public string Simulator { get; }
    /// <summary>The step after which the state was not finite (the number of steps taken; SGD steps unless <see cref="Time"/> is set).</summary>
    public int Step { get; }
    /// <summary>The Monte Carlo path.</summary>
    public int Path { get; }
    /// <summary>The starting point (particle) within the path.</summary>
    public int Point { get; }
    /// <summary>The non-finite value (NaN or ±∞).</summary>
    public double Value { get; }
    /// <summary>The time reached, when the steps are not SGD steps (mean-field flows step by h); null otherwise.</summary>
    public double? Time { get; }
    /// <summary>The coordinate within the particle, when known.</summary>
    public int? Coordinate { get; }
}
