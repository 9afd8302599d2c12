namespace FlowDsl;

/// <summary>
/// An immutable real matrix of fixed shape, stored row-major: the <c>Mat</c> of the model language.
/// </summary>
public sealed class Mat : IEquatable<Mat>
{
    private readonly double[] _values;

    /// <summary>A <paramref name="rows"/>×<paramref name="cols"/> matrix holding a copy of the row-major <paramref name="values"/>.</summary>
    public Mat(int rows, int cols, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (values.Length != rows * cols)
            throw new ArgumentException($"A {rows}×{cols} matrix needs {rows * cols} values, got {values.Length}.", nameof(values));
        Rows = rows;
        Cols = cols;
        _values = values.ToArray();
    }

    private Mat(int rows, int cols, double[] owned)
    {
        Rows = rows;
        Cols = cols;
        _values = owned;
    }

    /// <summary>A matrix of zeros.</summary>
    public static Mat Zeros(int rows, int cols) => new(rows, cols, new double[checked(rows * cols)]);

    /// <summary>The matrix with entries f(i, j).</summary>
    public static Mat Create(int rows, int cols, Func<int, int, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var values = new double[checked(rows * cols)];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                values[i * cols + j] = f(i, j);
        return new Mat(rows, cols, values);
    }

    internal static Mat Own(int rows, int cols, double[] values) => new(rows, cols, values);

    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Entry (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public double this[int row, int col]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
                throw new IndexOutOfRangeException($"Entry ({row}, {col}) is outside a {Rows}×{Cols} matrix.");
            return _values[row * Cols + col];
        }
    }

    /// <summary>The entries, row-major, read-only.</summary>
    public ReadOnlySpan<double> AsSpan() => _values;

    internal double[] Values => _values;

    /// <summary>Matrix–vector product <c>M v</c>.</summary>
    public static Vec operator *(Mat m, Vec v)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(v);
        if (m.Cols != v.Length)
            throw new ArgumentException($"Cannot multiply a {m.Rows}×{m.Cols} matrix by a vector of length {v.Length}.");
        var result = new double[m.Rows];
        var x = v.AsSpan();
        for (var i = 0; i < m.Rows; i++)
            result[i] = FlowDsl.Simd.FixedOrderReductions.Dot(m._values.AsSpan(i * m.Cols, m.Cols), x);
        return Vec.Own(result);
    }

    /// <summary>Entrywise sum.</summary>
    public static Mat operator +(Mat a, Mat b) => Zip(a, b, static (u, v) => u + v);
    /// <summary>Entrywise difference.</summary>
    public static Mat operator -(Mat a, Mat b) => Zip(a, b, static (u, v) => u - v);
    /// <summary>Negation.</summary>
    public static Mat operator -(Mat a) => a.Map(static u => -u);
    /// <summary>Scales every entry.</summary>
    public static Mat operator *(double s, Mat a) => a.Map(u => s * u);
    /// <summary>Scales every entry.</summary>
    public static Mat operator *(Mat a, double s) => a.Map(u => u * s);
    /// <summary>Divides every entry by a scalar.</summary>
    public static Mat operator /(Mat a, double s) => a.Map(u => u / s);

    /// <summary>The transpose.</summary>
    public Mat Transpose() => Create(Cols, Rows, (i, j) => this[j, i]);

    /// <summary>Applies <paramref name="f"/> to every entry.</summary>
    public Mat Map(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var result = new double[_values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = f(_values[i]);
        return new Mat(Rows, Cols, result);
    }

    private static Mat Zip(Mat a, Mat b, Func<double, double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"Matrix shapes differ: {a.Rows}×{a.Cols} and {b.Rows}×{b.Cols}.");
        var result = new double[a._values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = f(a._values[i], b._values[i]);
        return new Mat(a.Rows, a.Cols, result);
    }

    /// <inheritdoc/>
    public bool Equals(Mat? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && _values.AsSpan().SequenceEqual(other._values);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Mat);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Rows, Cols, _values.Length > 0 ? _values[0] : 0);
    /// <inheritdoc/>
    public override string ToString() => $"Mat {Rows}×{Cols}";
}
