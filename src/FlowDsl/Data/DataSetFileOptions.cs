namespace FlowDsl.Data;

/// <summary>How <see cref="DataSetFile"/> reads a delimited text file of samples.</summary>
public sealed record DataSetFileOptions
{
    /// <summary>The column separator (default ',').</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Whether the first non-comment line is a header to skip (default <c>false</c>).</summary>
    public bool HasHeader { get; init; }

    /// <summary>
    /// The 0-based column holding the atom's relative weight, or <c>null</c> (default) for equal weights 1/N.
    /// The other columns, in order, form the atom θⱼ.
    /// </summary>
    public int? WeightColumn { get; init; }
}
