namespace FlowDsl.Mnist.Bridge;

/// <summary>Settings of the SGD-vs-SMF comparison on the MNIST network.</summary>
public sealed record BridgeOptions
{
    /// <summary>Steps of the (minibatch) pre-training that gives the starting point x0.</summary>
    public int PretrainSteps { get; init; } = 1000;
    /// <summary>N: atoms of the empirical law (a seeded random subsample of the training digits).</summary>
    public int Atoms { get; init; } = 64;
    /// <summary>α of batch-1 SGD and of the SMF.</summary>
    public double Alpha { get; init; } = 0.5;
    /// <summary>K: SGD steps of the comparison (horizon T = Kα).</summary>
    public int SgdSteps { get; init; } = 24;
    /// <summary>SMF solver steps per SGD step (h = α / this).</summary>
    public int SubSteps { get; init; } = 4;
    /// <summary>Independent paths of SGD and of the SMF.</summary>
    public int Paths { get; init; } = 32;
    /// <summary>Test digits in the probe batch whose mean risk is the observable.</summary>
    public int Probes { get; init; } = 500;
    /// <summary>Seed of the subsample, the SGD draws and the Brownian increments.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads (paths run in parallel; results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PretrainSteps, 1, nameof(PretrainSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Atoms, 2, nameof(Atoms));
        if (!(Alpha > 0) || double.IsInfinity(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α must be positive and finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(SgdSteps, 4, nameof(SgdSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(SubSteps, 1, nameof(SubSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Paths, 2, nameof(Paths));
        ArgumentOutOfRangeException.ThrowIfLessThan(Probes, 1, nameof(Probes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
    }
}
