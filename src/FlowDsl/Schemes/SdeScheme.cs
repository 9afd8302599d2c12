namespace FlowDsl.Schemes;

/// <summary>Identifies the randomness of one solver step of one noise group (for scheme-internal draws such as Platen's V).</summary>
internal readonly record struct StepKey(ulong Seed, uint PathKey, uint Stream, int Step);

/// <summary>One step of an SDE solver for one point; an instance per worker thread (it owns scratch buffers).</summary>
internal abstract class SdeScheme
{
    /// <summary>Advances <paramref name="x"/> by one step of size <paramref name="h"/> with Brownian increments <paramref name="dW"/> (variance h each).</summary>
    public abstract void Step(ISdeCoefficients sde, Span<double> x, double h, ReadOnlySpan<double> dW, in StepKey key);

    /// <summary>The scheme for <paramref name="kind"/> (Talay–Tubaro runs Euler–Maruyama twice; exact transitions are separate).</summary>
    public static SdeScheme Create(SchemeKind kind, int dimension, int rank) => kind switch
    {
        SchemeKind.EulerMaruyama or SchemeKind.TalayTubaro => new EulerMaruyama(dimension),
        SchemeKind.StochasticHeun => new StochasticHeun(dimension),
        SchemeKind.Platen => new PlatenWeak2(dimension, rank),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Exact linear transitions are built from the model, not from a generic step."),
    };
}
