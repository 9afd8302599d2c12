namespace FlowDsl.Network;

/// <summary>
/// The empirical law P = (1/N)Σⱼ δ_{θⱼ} over the N rows θⱼ of one flat, row-major array (math.md §3.4 a), kept without
/// a copy: a data set of 8,000 digits is one 51 MB array, shared read-only by every worker thread.
/// </summary>
public sealed class DataRows
{
    private readonly double[] _rows;

    /// <summary>The rows of <paramref name="rows"/>, each <paramref name="rowLength"/> long (the model's data length).</summary>
    public DataRows(double[] rows, int rowLength)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowLength, 1, nameof(rowLength));
        if (rows.Length % rowLength != 0)
            throw new ArgumentException($"The data array has {rows.Length} values, not a multiple of the row length {rowLength}.", nameof(rows));
        Count = rows.Length / rowLength;
        if (Count < 2) throw new ArgumentException($"The empirical law needs at least 2 rows; the data array has {Count}.", nameof(rows));
        for (var i = 0; i < rows.Length; i++)
            if (!double.IsFinite(rows[i]))
                throw new ArgumentException($"Row {i / rowLength} has the non-finite coordinate {i % rowLength} = {rows[i]}.", nameof(rows));
        _rows = rows;
        RowLength = rowLength;
    }

    /// <summary>N, the number of atoms.</summary>
    public int Count { get; }

    /// <summary>The length of one row θⱼ.</summary>
    public int RowLength { get; }

    /// <summary>Bytes the rows occupy.</summary>
    public long Bytes => _rows.LongLength * sizeof(double);

    /// <summary>θⱼ.</summary>
    public ReadOnlySpan<double> Row(int j) => _rows.AsSpan(j * RowLength, RowLength);
}
