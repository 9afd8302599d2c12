namespace FlowDsl.Generators.Model;

/// <summary>Scalar (<c>double</c>), vector (<c>Vec</c>) or matrix (<c>Mat</c>).</summary>
internal enum ArgumentKind
{
    Scalar,
    Vector,
    Matrix,
}

/// <summary>
/// One argument of a model method, with its place in the flat layout: parameters x (not [Data]) and data θ are
/// numbered and laid out separately, each in declaration order, row-major.
/// </summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="IsData">Marked [Data]: part of θ, never differentiated.</param>
/// <param name="Block">Index among the parameter blocks (or among the data blocks).</param>
/// <param name="Offset">First position in the flat x (or θ) span.</param>
internal sealed record ArgumentSpec(string Name, ArgumentKind Kind, int Rows, int Cols, bool IsData, int Block, int Offset)
{
    public int Length => Rows * Cols;
}
