namespace FlowDsl;

/// <summary>
/// An immutable real vector of fixed length: the <c>Vec</c> of the model language. Models are plain C#,
/// so these operators really compute; the generator reads the same expressions symbolically.
/// </summary>
public sealed class Vec : IEquatable<Vec>
{
    private readonly double[] _values;

    /// <summary>A vector holding a copy of <paramref name="values"/>.</summary>
    public Vec(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = (double[])values.Clone();
    }

    /// <summary>A vector holding a copy of <paramref name="values"/>.</summary>
    public Vec(ReadOnlySpan<double> values) => _values = values.ToArray();

    private Vec(double[] owned, bool _) => _values = owned;

    /// <summary>A vector of <paramref name="length"/> zeros.</summary>
    public static Vec Zeros(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new Vec(new double[length], true);
    }

    /// <summary>The vector (f(0), …, f(length−1)).</summary>
    public static Vec Create(int length, Func<int, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var values = new double[length];
        for (var i = 0; i < length; i++) values[i] = f(i);
        return new Vec(values, true);
    }

    internal static Vec Own(double[] values) => new(values, true);

    /// <summary>The number of entries.</summary>
    public int Length => _values.Length;

    /// <summary>Entry <paramref name="index"/> (zero-based).</summary>
    public double this[int index] => _values[index];

    /// <summary>The entries, read-only.</summary>
    public ReadOnlySpan<double> AsSpan() => _values;

    /// <summary>A copy of the entries.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    internal double[] Values => _values;

    /// <summary>Entrywise sum.</summary>
    public static Vec operator +(Vec a, Vec b) => Zip(a, b, static (u, v) => u + v);
    /// <summary>Entrywise difference.</summary>
    public static Vec operator -(Vec a, Vec b) => Zip(a, b, static (u, v) => u - v);
    /// <summary>Entrywise (Hadamard) product; use <see cref="Ops.Dot(Vec, Vec)"/> for the inner product.</summary>
    public static Vec operator *(Vec a, Vec b) => Zip(a, b, static (u, v) => u * v);
    /// <summary>Entrywise quotient.</summary>
    public static Vec operator /(Vec a, Vec b) => Zip(a, b, static (u, v) => u / v);
    /// <summary>Negation.</summary>
    public static Vec operator -(Vec a) => a.Map(static u => -u);
    /// <summary>Adds a scalar to every entry.</summary>
    public static Vec operator +(Vec a, double s) => a.Map(u => u + s);
    /// <summary>Adds a scalar to every entry.</summary>
    public static Vec operator +(double s, Vec a) => a.Map(u => s + u);
    /// <summary>Subtracts a scalar from every entry.</summary>
    public static Vec operator -(Vec a, double s) => a.Map(u => u - s);
    /// <summary>The vector s − aᵢ.</summary>
    public static Vec operator -(double s, Vec a) => a.Map(u => s - u);
    /// <summary>Scales every entry.</summary>
    public static Vec operator *(double s, Vec a) => a.Map(u => s * u);
    /// <summary>Scales every entry.</summary>
    public static Vec operator *(Vec a, double s) => a.Map(u => u * s);
    /// <summary>Divides every entry by a scalar.</summary>
    public static Vec operator /(Vec a, double s) => a.Map(u => u / s);
    /// <summary>The vector s / aᵢ.</summary>
    public static Vec operator /(double s, Vec a) => a.Map(u => s / u);

    /// <summary>Applies <paramref name="f"/> to every entry.</summary>
    public Vec Map(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var result = new double[_values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = f(_values[i]);
        return new Vec(result, true);
    }

    private static Vec Zip(Vec a, Vec b, Func<double, double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
            throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}.");
        var result = new double[a.Length];
        for (var i = 0; i < result.Length; i++) result[i] = f(a._values[i], b._values[i]);
        return new Vec(result, true);
    }

    /// <inheritdoc/>
    public bool Equals(Vec? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Vec);
    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "(" + string.Join(", ", _values.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + ")";
}
