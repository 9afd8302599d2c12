using FlowDsl.Schemes;

namespace FlowDsl.Simulation;

/// <summary>
/// Everything a simulation needs besides the model. Defaults: T = 1, 1000 paths, n-point sharing, seed 1, one thread,
/// batch 1, stochastic Heun with K = 4 substeps per SGD step (h = α/K), 4 Monte Carlo features where they are needed.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>The learning rate α (also the SGD time step); T/α must be an integer.</summary>
    public double Alpha { get; init; }
    /// <summary>The horizon T.</summary>
    public double Horizon { get; init; } = 1.0;
    /// <summary>Independent Monte Carlo paths.</summary>
    public int Paths { get; init; } = 1000;
    /// <summary>The starting points u₁..uₙ of every path (each of length d); n &gt; 1 gives the n-point motion.</summary>
    public IReadOnlyList<double[]> StartingPoints { get; init; } = [];
    /// <summary>Whether the points of a path share the SGD data (n-point motion) or draw their own.</summary>
    public NoiseSharing Sharing { get; init; } = NoiseSharing.NPoint;
    /// <summary>The seed of every random draw.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Minibatch size B (drawn with replacement); the SDE noise becomes √(α/B).</summary>
    public int Batch { get; init; } = 1;
    /// <summary>K: solver substeps per SGD step, h = α/K.</summary>
    public int Substeps { get; init; } = 4;
    /// <summary>The SDE solver.</summary>
    public SchemeKind Scheme { get; init; } = SchemeKind.StochasticHeun;
    /// <summary>M: Monte Carlo features per step for the SMF noise when no exact factorization exists.</summary>
    public int Features { get; init; } = 4;
    /// <summary>The law of θ; <c>null</c> takes the model's declared law.</summary>
    public Law? Law { get; init; }
    /// <summary>How SGD draws θᵢ.</summary>
    public SgdSampling SgdSampling { get; init; } = SgdSampling.Auto;
    /// <summary>Antithetic Brownian paths: paths 2q and 2q+1 use opposite increments (Paths must be even).</summary>
    public bool Antithetic { get; init; }
    /// <summary>
    /// The index of the first path: path p of this run draws the randomness of path FirstPath + p, so a run of paths
    /// [a, b) in batches gives the same numbers as one run (even, with antithetic pairs).
    /// </summary>
    public int FirstPath { get; init; }
    /// <summary>Steps of the fine Brownian grid shared by everything driven by one path; <c>null</c>: N·K.</summary>
    public int? BrownianGridSteps { get; init; }

    /// <summary>
    /// Fine-grid normals kept across the simulations of one study (every model, α-level and the h/2 check read the same
    /// Brownian paths): only speed, never the numbers, depends on it. Null: each simulation draws its own.
    /// </summary>
    internal Noise.BrownianNormalCache? BrownianNormals { get; init; }

    /// <summary>Checks every option against the model dimension <paramref name="dimension"/> and returns N = T/α.</summary>
    public int Validate(int dimension, string modelName)
    {
        var steps = StepCount.For(Alpha, Horizon);
        if (Paths < 1) throw new ArgumentOutOfRangeException(nameof(Paths), Paths, "The number of paths must be at least 1.");
        if (Antithetic && Paths % 2 != 0) throw new ArgumentOutOfRangeException(nameof(Paths), Paths, "Antithetic sampling pairs paths, so the number of paths must be even.");
        if (FirstPath < 0 || (Antithetic && FirstPath % 2 != 0))
            throw new ArgumentOutOfRangeException(nameof(FirstPath), FirstPath, "The first path index must be non-negative (and even with antithetic pairs).");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "The number of threads must be at least 1.");
        if (Batch < 1) throw new ArgumentOutOfRangeException(nameof(Batch), Batch, "The batch size B must be at least 1.");
        if (Substeps < 1) throw new ArgumentOutOfRangeException(nameof(Substeps), Substeps, "The number of substeps K per SGD step must be at least 1.");
        if (Features < 1) throw new ArgumentOutOfRangeException(nameof(Features), Features, "The number of Monte Carlo features M must be at least 1.");
        if (StartingPoints is null || StartingPoints.Count == 0)
            throw new ArgumentException("At least one starting point is needed.", nameof(StartingPoints));
        for (var p = 0; p < StartingPoints.Count; p++)
        {
            var u = StartingPoints[p];
            if (u is null || u.Length != dimension)
                throw new ArgumentException($"Starting point {p} has length {u?.Length ?? 0}, but model '{modelName}' has d = {dimension} parameters.", nameof(StartingPoints));
            for (var i = 0; i < u.Length; i++)
                if (!double.IsFinite(u[i])) throw new ArgumentException($"Starting point {p} has a non-finite coordinate {i}: {u[i]}.", nameof(StartingPoints));
        }
        if ((long)Paths * StartingPoints.Count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(Paths), Paths, "Paths × points exceeds the ensemble size limit.");
        if (BrownianGridSteps is { } grid && (grid < 1 || grid % steps != 0))
            throw new ArgumentException($"The Brownian grid of {grid} steps must be a positive multiple of N = T/α = {steps}.", nameof(BrownianGridSteps));
        return steps;
    }
}
