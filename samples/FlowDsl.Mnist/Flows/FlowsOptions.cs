using FlowDsl.Simulation;

namespace FlowDsl.Mnist.Flows;

/// <summary>Settings of the `flows` experiment: SGD against its continuous models on the MNIST network.</summary>
public sealed record FlowsOptions
{
    /// <summary>Minibatch SGD steps of the pre-training that gives the starting point x0 (α = 2, B = 16, as `train`).</summary>
    public int PretrainSteps { get; init; } = 2000;
    /// <summary>B, the minibatch size of the compared SGD; the models' noise is √(α/B)Σ^{1/2}.</summary>
    public int Batch { get; init; } = 1024;
    /// <summary>T, the horizon (time t = iα).</summary>
    public double Horizon { get; init; } = 2;
    /// <summary>SGD steps per level: αⱼ = T/Nⱼ.</summary>
    public int[] Ladder { get; init; } = [2, 4, 8];
    /// <summary>K: SH2 steps per SGD step.</summary>
    public int Substeps { get; init; } = 2;
    /// <summary>Monte Carlo paths per level.</summary>
    public int Paths { get; init; } = 24;
    /// <summary>Seed of the pre-training, the SGD batches and the Brownian increments.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads (paths run in parallel; results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>The continuous models compared with SGD.</summary>
    public ContinuousModel[] Models { get; init; } = [ContinuousModel.GradientFlow, ContinuousModel.Sme1, ContinuousModel.Sme2, ContinuousModel.Smf2];
    /// <summary>Memory limit in MiB (null: what the process may use).</summary>
    public int? MemoryLimitMiB { get; init; }
    /// <summary>Wall-time limit in minutes (null: none).</summary>
    public double? TimeLimitMinutes { get; init; }

    /// <summary>Throws when a value is out of range, naming the option.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PretrainSteps, 0, "--pretrain-steps");
        ArgumentOutOfRangeException.ThrowIfLessThan(Batch, 1, "--batch");
        if (!(Horizon > 0) || double.IsInfinity(Horizon)) throw new ArgumentOutOfRangeException("--horizon", Horizon, "T must be positive and finite.");
        if (Ladder.Length < 2) throw new ArgumentException($"--ladder needs at least two levels (the experiment uses three: 2,4,8); got {Ladder.Length}.");
        if (Models.Length == 0) throw new ArgumentException("--models needs at least one model.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Substeps, 1, "--substeps");
        ArgumentOutOfRangeException.ThrowIfLessThan(Paths, 2, "--paths");
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, "--threads");
        if (MemoryLimitMiB is < 1) throw new ArgumentOutOfRangeException("--memory-limit-mb", MemoryLimitMiB, "The memory limit must be positive.");
        if (TimeLimitMinutes is { } t && !(t > 0)) throw new ArgumentOutOfRangeException("--time-limit-min", t, "The time limit must be positive.");
    }
}
