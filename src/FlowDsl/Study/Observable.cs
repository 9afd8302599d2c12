using FlowDsl.Exact;

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

    private Observable(string name, PointFunction? one, PairFunction? two, Func<PointMoments, double>? onePointExact = null, Func<TwoPointMoments, double>? twoPointExact = null)
    {
        OnePointExact = onePointExact;
        TwoPointExact = twoPointExact;
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An observable needs a name.", nameof(name));
        Name = name;
        _one = one;
        _two = two;
    }

    /// <summary>f(x) of the first starting point.</summary>
    public static Observable OnePoint(string name, PointFunction f) => new(name, f ?? throw new ArgumentNullException(nameof(f)), null);

    /// <summary>f(x₁, x₂) of the first two starting points (same path: the n-point motion).</summary>
    public static Observable TwoPoint(string name, PairFunction f) => new(name, null, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>
    /// A quadratic f(x) = xᵀQx + qᵀx + r of the first point. For a model with ∇R affine in x the study takes E f(SGD) from
    /// the exact-moment engine (math.md §6.1), so Monte Carlo noise remains only on the model side.
    /// </summary>
    public static Observable Quadratic(string name, QuadraticFunction f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new Observable(name, x => f.Evaluate(x), null, m => m.Expectation(f));
    }

    /// <summary>E[x₁ᵀQx₂] of the first two points (exact for SGD when ∇R is affine in x).</summary>
    public static Observable CrossQuadratic(string name, double[,] q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var d = q.GetLength(0);
        if (q.GetLength(1) != d) throw new ArgumentException($"Q must be square; it is {d}×{q.GetLength(1)}.", nameof(q));
        return new Observable(name, null, (x, y) =>
        {
            double sum = 0;
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) sum += x[i] * q[i, j] * y[j];
            return sum;
        }, null, m => m.CrossExpectation(q));
    }

    /// <summary>|x₁ − x₂|² of the first two points (exact for SGD when ∇R is affine in x).</summary>
    public static Observable SquaredDistance(string name = "|x1-x2|²") => new(name, null, (x, y) =>
    {
        double sum = 0;
        for (var i = 0; i < x.Length; i++) sum += (x[i] - y[i]) * (x[i] - y[i]);
        return sum;
    }, null, m => m.MeanSquaredDistance);

    /// <summary>The exact expectation from one-point moments, for quadratic observables.</summary>
    internal Func<PointMoments, double>? OnePointExact { get; }

    /// <summary>The exact expectation from two-point moments, for quadratic two-point observables.</summary>
    internal Func<TwoPointMoments, double>? TwoPointExact { get; }

    /// <summary>The test function itself (its assembly enters the code fingerprint of a study part).</summary>
    internal Delegate Function => (Delegate?)_one ?? _two!;

    /// <summary>The name used in tables and files.</summary>
    public string Name { get; }

    /// <summary>How many starting points the observable reads (1 or 2).</summary>
    public int Points => _one is null ? 2 : 1;

    /// <summary>Evaluates the observable on the points of one path (x₁ = <paramref name="first"/>, x₂ = <paramref name="second"/>).</summary>
    public double Evaluate(ReadOnlySpan<double> first, ReadOnlySpan<double> second) => _one is not null ? _one(first) : _two!(first, second);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
