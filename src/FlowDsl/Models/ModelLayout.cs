namespace FlowDsl;

/// <summary>The shape of one named argument of a model method: a scalar, a vector or a row-major matrix.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="Offset">Where the block starts in the flat span.</param>
/// <param name="Rows">Rows (vector length for a vector, 1 for a scalar).</param>
/// <param name="Cols">Columns (1 for a vector or scalar).</param>
/// <param name="Kind">Scalar, vector or matrix.</param>
public sealed record TensorBlock(string Name, int Offset, int Rows, int Cols, BlockKind Kind)
{
    /// <summary>Number of doubles the block occupies.</summary>
    public int Length => Rows * Cols;
}

/// <summary>What a <see cref="TensorBlock"/> holds.</summary>
public enum BlockKind
{
    /// <summary>A <see cref="double"/>.</summary>
    Scalar,
    /// <summary>A <see cref="Vec"/>.</summary>
    Vector,
    /// <summary>A <see cref="Mat"/>, row-major.</summary>
    Matrix,
}

/// <summary>
/// How a model's arguments are laid out in flat spans. Parameters <c>x</c> (every non-<c>[Data]</c> argument) are
/// concatenated in declaration order, each row-major; the data <c>θ</c> (every <c>[Data]</c> argument) likewise.
/// </summary>
public sealed class ModelLayout
{
    /// <summary>Creates a layout; offsets must be contiguous from 0 in order.</summary>
    public ModelLayout(IReadOnlyList<TensorBlock> parameters, IReadOnlyList<TensorBlock> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        Parameters = parameters;
        Data = data;
        ParameterCount = Check(parameters, "parameter");
        DataCount = Check(data, "data");
    }

    /// <summary>The parameter blocks, in declaration order.</summary>
    public IReadOnlyList<TensorBlock> Parameters { get; }
    /// <summary>The data blocks, in declaration order.</summary>
    public IReadOnlyList<TensorBlock> Data { get; }
    /// <summary>d: the length of the flat parameter vector x.</summary>
    public int ParameterCount { get; }
    /// <summary>The length of the flat data vector θ.</summary>
    public int DataCount { get; }

    private static int Check(IReadOnlyList<TensorBlock> blocks, string what)
    {
        var offset = 0;
        foreach (var b in blocks)
        {
            if (b.Offset != offset)
                throw new ArgumentException($"The {what} block '{b.Name}' starts at {b.Offset}, expected {offset}.");
            offset += b.Length;
        }
        return offset;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"x = [{string.Join(", ", Parameters.Select(Describe))}] (d = {ParameterCount}); θ = [{string.Join(", ", Data.Select(Describe))}] ({DataCount})";

    private static string Describe(TensorBlock b) => b.Kind switch
    {
        BlockKind.Scalar => b.Name,
        BlockKind.Vector => $"{b.Name}({b.Rows})",
        _ => $"{b.Name}({b.Rows}×{b.Cols})",
    };
}
