namespace FlowDsl.MeanField;

/// <summary>A simulated particle configuration became NaN or ±∞; names the model, the step and the particle.</summary>
public sealed class MeanFieldDivergenceException : ArithmeticException
{
    /// <summary>Reports the first non-finite coordinate.</summary>
    public MeanFieldDivergenceException(string model, uint path, int step, double time, int particle, int coordinate, double value)
        : base($"{model}: particle {particle} (coordinate {coordinate}) became {value} at step {step} (t = {time:G6}) on path {path}. " +
               "Reduce α or the solver step, or check the model's scaling.")
    {
        Model = model;
        Path = path;
        Step = step;
        Time = time;
        Particle = particle;
        Coordinate = coordinate;
    }

    /// <summary>The stepper's name.</summary>
    public string Model { get; }

    /// <summary>The path index.</summary>
    public uint Path { get; }

    /// <summary>The step after which the state was non-finite (1-based count of steps taken).</summary>
    public int Step { get; }

    /// <summary>The time reached.</summary>
    public double Time { get; }

    /// <summary>The first particle k with a non-finite coordinate.</summary>
    public int Particle { get; }

    /// <summary>Its coordinate i.</summary>
    public int Coordinate { get; }
}
