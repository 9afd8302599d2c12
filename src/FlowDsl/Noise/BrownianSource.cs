using FlowDsl.Random;

namespace FlowDsl.Noise;

/// <summary>
/// Brownian increments on a fine grid of <see cref="FineSteps"/> steps over [0, T]: the increment of component j over
/// fine step k is √h_f·ξ with ξ from <see cref="CounterRng"/>(seed, path, k, stream). Coarser increments are sums of fine
/// ones, so one Brownian path drives every α-level, every substep size and every model (math.md §7.3.1).
/// </summary>
/// <remarks>
/// Consumers read the first c components; the first c normals of a key do not depend on how many are read, so an SGD
/// reading dim θ components and an SME reading d components see the same Brownian motion in their common components.
/// With <see cref="Antithetic"/>, paths 2q and 2q+1 use the same normals with opposite signs (valid: −W is a Brownian motion).
/// </remarks>
internal sealed class BrownianSource
{
    private readonly double _sqrtFine;

    public BrownianSource(ulong seed, double horizon, int fineSteps, bool antithetic)
    {
        if (fineSteps < 1) throw new ArgumentOutOfRangeException(nameof(fineSteps), fineSteps, "The Brownian grid needs at least one step.");
        Seed = seed;
        Horizon = horizon;
        FineSteps = fineSteps;
        Antithetic = antithetic;
        _sqrtFine = Math.Sqrt(horizon / fineSteps);
    }

    public ulong Seed { get; }
    public double Horizon { get; }
    public int FineSteps { get; }
    public bool Antithetic { get; }

    /// <summary>How many fine steps make one step of size T/<paramref name="steps"/>; throws unless it divides the grid.</summary>
    public int FineStepsPer(int steps)
    {
        if (FineSteps % steps != 0)
            throw new ArgumentException($"A grid of {steps} steps does not nest in the Brownian grid of {FineSteps} steps; use step counts that divide it.", nameof(steps));
        return FineSteps / steps;
    }

    /// <summary>W(t_{k+count}) − W(t_k) on the fine grid, for the first dW.Length components of (path, stream).</summary>
    public void Increment(int path, uint stream, int fineStart, int fineCount, Span<double> dW)
    {
        dW.Clear();
        var key = Antithetic ? (uint)(path >> 1) : (uint)path;
        Span<double> z = dW.Length <= 256 ? stackalloc double[dW.Length] : new double[dW.Length];
        for (var k = fineStart; k < fineStart + fineCount; k++)
        {
            var rng = new CounterRng(Seed, key, (uint)k, stream);
            rng.FillNormal(z);
            for (var j = 0; j < dW.Length; j++) dW[j] += z[j];
        }
        var scale = Antithetic && (path & 1) == 1 ? -_sqrtFine : _sqrtFine;
        for (var j = 0; j < dW.Length; j++) dW[j] *= scale;
    }
}
