using System;

namespace FlowDsl.Symbolic.Ir;

/// <summary>Scalar, vector or matrix.</summary>
public enum ShapeKind : byte
{
    Scalar,
    Vector,
    Matrix,
}

/// <summary>
/// The static shape of an expression: a scalar, a vector of <see cref="Rows"/> entries, or a
/// <see cref="Rows"/>×<see cref="Cols"/> matrix stored row-major. Every IR node carries one.
/// </summary>
public readonly record struct Shape(ShapeKind Kind, int Rows, int Cols)
{
    public static Shape Scalar => new(ShapeKind.Scalar, 1, 1);
    public static Shape Vector(int length) => length > 0 ? new(ShapeKind.Vector, length, 1) : throw new ArgumentOutOfRangeException(nameof(length));
    public static Shape Matrix(int rows, int cols) =>
        rows <= 0 || cols <= 0 ? throw new ArgumentOutOfRangeException(nameof(rows))
        // The product is taken in 64 bits: an outer product of two 65536-vectors must not wrap to 0 entries.
        : (long)rows * cols > MaxLength ? throw new ShapeException($"a {rows}×{cols} matrix has more entries than one array can hold ({MaxLength})")
        : new(ShapeKind.Matrix, rows, cols);

    /// <summary>The most entries one shape may have: .NET's Array.MaxLength for double[].</summary>
    public const int MaxLength = 0x7FFFFFC7;

    /// <summary>Number of entries.</summary>
    public int Length => Rows * Cols;
    public bool IsScalar => Kind == ShapeKind.Scalar;

    public override string ToString() => Kind switch
    {
        ShapeKind.Scalar => "scalar",
        ShapeKind.Vector => $"vector({Rows})",
        _ => $"matrix({Rows}×{Cols})",
    };
}

/// <summary>An operation whose operand shapes do not fit (for example a 3-vector plus a 4-vector).</summary>
public sealed class ShapeException(string message) : Exception(message);
