namespace FlowDsl.Mnist.Training;

/// <summary>Hyper-parameters of a training run (math.md §9; defaults tuned to reach 93 % on the shipped 2,000 test digits).</summary>
public sealed record TrainingOptions
{
    /// <summary>Learning rate α: x ← x − α·(1/B)Σ∇R(x,θ_i).</summary>
    public double Alpha { get; init; } = 2.0;
    /// <summary>Batch size B.</summary>
    public int Batch { get; init; } = 16;
    /// <summary>Number of SGD steps (ignored when <see cref="Epochs"/> is set).</summary>
    public int Steps { get; init; } = 8_000;
    /// <summary>When set: shuffle each epoch and sweep it in batches (without replacement) instead of i.i.d. draws.</summary>
    public int? Epochs { get; init; }
    /// <summary>Seed of the initialisation and of the data draws.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>How many times test accuracy is evaluated during training (plus once at the end).</summary>
    public int Evaluations { get; init; } = 8;
    /// <summary>The test accuracy whose first crossing (at an evaluation point) is reported as the time to target.</summary>
    public double TargetAccuracy { get; init; } = 0.93;
    /// <summary>Ends training at the first evaluation point with test accuracy ≥ <see cref="TargetAccuracy"/>.</summary>
    public bool StopAtTarget { get; init; }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(Alpha > 0) || double.IsInfinity(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α must be positive and finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Batch, 1, nameof(Batch));
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        if (Epochs is < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(Evaluations, 1, nameof(Evaluations));
        if (!(TargetAccuracy is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(TargetAccuracy), TargetAccuracy, "The target accuracy must be in (0, 1].");
    }
}
