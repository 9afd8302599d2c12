namespace FlowDsl.Study;

/// <summary>A test function of one point, f(x).</summary>
public delegate double PointFunction(ReadOnlySpan<double> x);

/// <summary>A test function of two points of the n-point motion, f(x₁, x₂).</summary>
public delegate double PairFunction(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2);

/// <summary>
/// A test function evaluated at time T: of the first starting point (<see cref="Points"/> = 1) or of the first two
/// (<see cref="Points"/> = 2, an n-point statistic such as E[x₁x₂] or E|x₁ − x₂|²).
/// </summary>
public sealed class Observable
{
    private readonly PointFunction? _one;
    private readonly PairFunction? _two;

    private Observable(string name, PointFunction? one, PairFunction? two)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An observable needs a name.", nameof(name));
        Name = name;
        _one = one;
        _two = two;
    }

    /// <summary>f(x) of the first starting point.</summary>
    public static Observable OnePoint(string name, PointFunction f) => new(name, f ?? throw new ArgumentNullException(nameof(f)), null);

    /// <summary>f(x₁, x₂) of the first two starting points (same path: the n-point motion).</summary>
    public static Observable TwoPoint(string name, PairFunction f) => new(name, null, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>The name used in tables and files.</summary>
    public string Name { get; }

    /// <summary>How many starting points the observable reads (1 or 2).</summary>
    public int Points => _one is null ? 2 : 1;

    /// <summary>Evaluates the observable on the points of one path (x₁ = <paramref name="first"/>, x₂ = <paramref name="second"/>).</summary>
    public double Evaluate(ReadOnlySpan<double> first, ReadOnlySpan<double> second) => _one is not null ? _one(first) : _two!(first, second);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
