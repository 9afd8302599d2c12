using FlowDsl.Random;

namespace FlowDsl;

/// <summary>
/// The law <c>P</c> of the data θ. Laws are immutable; sampling takes a <see cref="CounterRng"/> so draws are
/// reproducible. Factories: <see cref="Normal(int)"/>, <see cref="Rademacher(double)"/> and others.
/// </summary>
public abstract partial class Law
{
    /// <summary>The length of one sample θ.</summary>
    public abstract int Dimension { get; }

    /// <summary>Draws one θ into <paramref name="destination"/> (length <see cref="Dimension"/>).</summary>
    public abstract void Sample(ref CounterRng random, Span<double> destination);

    /// <summary>Throws when <paramref name="destination"/> has the wrong length for this law.</summary>
    protected void CheckDestination(Span<double> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"{GetType().Name} samples have length {Dimension}; the destination has length {destination.Length}.", nameof(destination));
    }
}
