using System;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// Creates <see cref="Expr"/> nodes: infers and checks shapes, hash-conses (a structurally equal request returns
/// the existing node) and enforces a node budget so an expression blow-up becomes an error, not a hung build.
/// </summary>
public sealed partial class ExprBuilder
{
    private readonly Dictionary<ExprKey, Expr> _nodes = new();
    private readonly List<Expr> _all = new();

    public ExprBuilder(int maxNodes = 200_000) => MaxNodes = maxNodes;

    /// <summary>The node budget; creating more nodes throws <see cref="ExpressionBudgetException"/>.</summary>
    public int MaxNodes { get; }

    /// <summary>Number of distinct nodes created so far.</summary>
    public int Count => _all.Count;

    /// <summary>All nodes in creation (topological) order.</summary>
    public IReadOnlyList<Expr> Nodes => _all;

    // ---- leaves ---------------------------------------------------------------------------

    public Expr Constant(double value) => Constant(value, Shape.Scalar);
    public Expr Constant(double value, Shape shape) => Make(Op.Constant, shape, null, null, value, 0, null);
    public Expr Zero(Shape shape) => Constant(0.0, shape);
    public Expr Parameter(int block, string name, Shape shape) => Make(Op.Parameter, shape, null, null, 0, block, name);
    public Expr Data(int block, string name, Shape shape) => Make(Op.Data, shape, null, null, 0, block, name);
    public Expr Direction(int block, Shape shape) => Make(Op.Direction, shape, null, null, 0, block, null);

    // ---- nodes (the raw constructor: no simplification) ---------------------------------------

    /// <summary>
    /// Creates (or finds) the node <paramref name="op"/>(<paramref name="a"/>, <paramref name="b"/>) with its shape inferred.
    /// This is the unsimplified constructor; the named methods (<c>Add</c>, <c>Mul</c>, …) simplify first.
    /// </summary>
    public Expr Node(Op op, Expr a, Expr? b = null, double value = 0, int index = 0, Shape? shape = null)
    {
        var s = InferShape(op, a, b, index, shape);
        return Make(op, s, a, b, value, index, null);
    }

    private Expr Make(Op op, Shape shape, Expr? a, Expr? b, double value, int index, string? name)
    {
        if (double.IsNaN(value)) throw new ArgumentException("NaN is not a valid constant.");
        // Normalise -0.0 so that 0 and -0 hash-cons to one node.
        if (value == 0.0) value = 0.0;
        var key = new ExprKey(op, shape, a?.Id ?? -1, b?.Id ?? -1, value, index, name);
        if (_nodes.TryGetValue(key, out var existing)) return existing;
        if (_all.Count >= MaxNodes) throw new ExpressionBudgetException(MaxNodes);
        var node = new Expr(_all.Count, op, shape, a, b, value, index, name);
        _nodes.Add(key, node);
        _all.Add(node);
        return node;
    }

    internal static Shape InferShape(Op op, Expr a, Expr? b, int index, Shape? requested)
    {
        switch (op)
        {
            case Op.Neg: case Op.Exp: case Op.Log: case Op.Sqrt: case Op.Sin: case Op.Cos: case Op.Tanh:
            case Op.Sigmoid: case Op.Softplus: case Op.Relu: case Op.Abs: case Op.Square: case Op.PowConst:
            case Op.Step: case Op.Sign:
                return a.Shape;
            case Op.Add: case Op.Sub: case Op.Mul: case Op.Div:
                if (b is null) throw new ArgumentException($"{op} needs two operands.");
                if (a.Shape.IsScalar) return b.Shape;
                if (b.Shape.IsScalar || a.Shape == b.Shape) return a.Shape;
                throw new ShapeException($"cannot combine a {a.Shape} with a {b.Shape} entrywise");
            case Op.Sum:
                return Shape.Scalar;
            case Op.Dot:
                if (b is null || a.Shape != b.Shape || a.Shape.IsScalar)
                    throw new ShapeException($"Dot needs two vectors (or matrices) of the same shape, got {a.Shape} and {b?.Shape}");
                return Shape.Scalar;
            case Op.MatVec:
                if (b is null || a.Shape.Kind != ShapeKind.Matrix || b.Shape.Kind != ShapeKind.Vector || a.Shape.Cols != b.Shape.Rows)
                    throw new ShapeException($"cannot multiply a {a.Shape} by a {b?.Shape}");
                return Shape.Vector(a.Shape.Rows);
            case Op.MatTVec:
                if (b is null || a.Shape.Kind != ShapeKind.Matrix || b.Shape.Kind != ShapeKind.Vector || a.Shape.Rows != b.Shape.Rows)
                    throw new ShapeException($"cannot multiply the transpose of a {a.Shape} by a {b?.Shape}");
                return Shape.Vector(a.Shape.Cols);
            case Op.Outer:
                if (b is null || a.Shape.Kind != ShapeKind.Vector || b.Shape.Kind != ShapeKind.Vector)
                    throw new ShapeException($"an outer product needs two vectors, got {a.Shape} and {b?.Shape}");
                return Shape.Matrix(a.Shape.Rows, b.Shape.Rows);
            case Op.Transpose:
                if (a.Shape.Kind != ShapeKind.Matrix) throw new ShapeException($"cannot transpose a {a.Shape}");
                return Shape.Matrix(a.Shape.Cols, a.Shape.Rows);
            case Op.Index:
                if (a.Shape.IsScalar || index < 0 || index >= a.Shape.Length)
                    throw new ShapeException($"index {index} is outside a {a.Shape}");
                return Shape.Scalar;
            case Op.Scatter:
                if (!a.Shape.IsScalar || requested is not { } ss || ss.IsScalar || index < 0 || index >= ss.Length)
                    throw new ShapeException("Scatter needs a scalar operand and a vector or matrix shape containing the index");
                return ss;
            case Op.Broadcast:
                if (!a.Shape.IsScalar || requested is not { } bs)
                    throw new ShapeException("Broadcast needs a scalar operand and a target shape");
                return bs;
            case Op.LogSumExp:
                if (a.Shape.Kind != ShapeKind.Vector) throw new ShapeException($"LogSumExp needs a vector, got {a.Shape}");
                return Shape.Scalar;
            case Op.Softmax:
                if (a.Shape.Kind != ShapeKind.Vector) throw new ShapeException($"Softmax needs a vector, got {a.Shape}");
                return a.Shape;
            default:
                throw new ArgumentException($"{op} is not an operation node.");
        }
    }
}

/// <summary>The expression grew past the node budget (for example an exponential blow-up in differentiation).</summary>
public sealed class ExpressionBudgetException(int budget)
    : Exception($"the expression needs more than {budget} distinct nodes")
{
    public int Budget { get; } = budget;
}
