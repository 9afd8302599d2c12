using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Tests.Infrastructure;

/// <summary>
/// A seeded generator of random, well-conditioned expressions that covers every operation and every shape
/// combination: scalar, vectors of 2 and 3, and 2×3 / 3×2 matrices, with one Parameter leaf and one Data leaf of each
/// shape (block = position in <see cref="Shapes"/>). Arguments of domain-restricted functions are kept in their
/// domain (Log, Sqrt, fractional powers and denominators get Exp(…) + 0.5, Softplus(…) + 0.5 or (…)² + 0.5);
/// arguments of Exp are shallow, so values stay moderate and finite differences stay accurate.
/// The same seed always gives the same expressions (System.Random with a seed is deterministic).
/// </summary>
public sealed class RandomExpressions
{
    /// <summary>The shapes used, in block order.</summary>
    public static readonly Shape[] Shapes =
        [Shape.Scalar, Shape.Vector(2), Shape.Vector(3), Shape.Matrix(2, 3), Shape.Matrix(3, 2)];

    private static readonly Op[] SmoothFunctions = [Op.Neg, Op.Sin, Op.Cos, Op.Tanh, Op.Sigmoid, Op.Softplus, Op.Square];
    private static readonly Op[] KinkFunctions = [Op.Relu, Op.Abs, Op.Step, Op.Sign];
    private static readonly double[] FractionalExponents = [-1.0, -0.5, 0.5, 1.5, 2.5, 0.3, -1.7];
    private static readonly double[] Constants = [0.0, 1.0, -1.0, 0.5, 2.0, -1.5];

    private readonly Random _rng;
    private readonly bool _simplify;

    /// <param name="seed">The seed: the same seed gives the same expressions.</param>
    /// <param name="simplify">
    /// True to build with the simplifying named methods (Add, Mul, …); false to build every node with the raw
    /// <see cref="ExprBuilder.Node"/>, which gives the unsimplified twin of the same random expression.
    /// </param>
    /// <param name="builder">The builder to use (a new one if null).</param>
    public RandomExpressions(int seed, bool simplify = true, ExprBuilder? builder = null)
    {
        _rng = new Random(seed);
        _simplify = simplify;
        Builder = builder ?? new ExprBuilder();
        Parameters = Shapes.Select((s, i) => Builder.Parameter(i, $"x{i}", s)).ToArray();
        DataLeaves = Shapes.Select((s, i) => Builder.Data(i, $"theta{i}", s)).ToArray();
    }

    public ExprBuilder Builder { get; }

    /// <summary>Parameter block i has shape <see cref="Shapes"/>[i].</summary>
    public IReadOnlyList<Expr> Parameters { get; }

    /// <summary>Data block i has shape <see cref="Shapes"/>[i].</summary>
    public IReadOnlyList<Expr> DataLeaves { get; }

    /// <summary>A random scalar expression (a "risk").</summary>
    public Expr Scalar(int depth) => Generate(Shape.Scalar, depth);

    /// <summary>A random expression of the given shape with at most <paramref name="depth"/> levels of operations.</summary>
    public Expr Generate(Shape shape, int depth)
    {
        if (depth <= 0 || _rng.NextDouble() < 0.05) return Leaf(shape);
        int d = depth - 1;
        switch (_rng.Next(shape.IsScalar ? 14 : 13))
        {
            case 0: return Unary(Pick(SmoothFunctions), Generate(shape, d));
            case 1: return Unary(Pick(KinkFunctions), Generate(shape, d));
            case 2: return Unary(Op.Exp, Generate(shape, Math.Min(d, 1)));
            case 3: return Unary(_rng.Next(2) == 0 ? Op.Log : Op.Sqrt, Positive(shape, d));
            case 4: return _rng.Next(2) == 0
                ? PowConst(Positive(shape, d), Pick(FractionalExponents))
                : PowConst(Generate(shape, d), _rng.Next(2, 4));
            case 5: case 6:
            {
                var (x, y) = OperandPair(shape, d);
                return _rng.Next(3) switch { 0 => Add(x, y), 1 => Sub(x, y), _ => Mul(x, y) };
            }
            case 7:
            {
                var (x, _) = OperandPair(shape, d);
                var denominator = Positive(x.Shape == shape && _rng.Next(2) == 0 ? Shape.Scalar : shape, d);
                return Div(x, denominator);
            }
            case 8: return Structured(shape, d);
            case 9: return Structured(shape, d);
            case 10: return shape.IsScalar ? Structured(shape, d) : Broadcast(Generate(Shape.Scalar, d), shape);
            case 11: return shape.IsScalar ? Structured(shape, d) : Scatter(Generate(Shape.Scalar, d), _rng.Next(shape.Length), shape);
            default: return Structured(shape, d);
        }
    }

    /// <summary>A random point: values in [−1, 1] for every parameter and data entry, and for directions.</summary>
    public Point RandomPoint() => new(
        Shapes.Select(s => Uniform(s.Length)).ToArray(),
        Shapes.Select(s => Uniform(s.Length)).ToArray(),
        Shapes.Select(s => Uniform(s.Length)).ToArray());

    // The operations that change shape: reductions, products, indexing, softmax.
    private Expr Structured(Shape shape, int d)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
                return _rng.Next(4) switch
                {
                    0 => Sum(Generate(NonScalar(), d)),
                    1 => DotOfSameShape(d),
                    2 => IndexOf(d),
                    _ => LogSumExp(Generate(VectorShape(), d)),
                };
            case ShapeKind.Vector:
            {
                int n = shape.Rows, k = 5 - n; // the other vector length: (2, 3) or (3, 2)
                return _rng.Next(3) switch
                {
                    0 => MatVec(Generate(Shape.Matrix(n, k), d), Generate(Shape.Vector(k), d)),
                    1 => MatTVec(Generate(Shape.Matrix(k, n), d), Generate(Shape.Vector(k), d)),
                    _ => Softmax(Generate(shape, d)),
                };
            }
            default:
                return _rng.Next(2) == 0
                    ? Outer(Generate(Shape.Vector(shape.Rows), d), Generate(Shape.Vector(shape.Cols), d))
                    : Transpose(Generate(Shape.Matrix(shape.Cols, shape.Rows), d));
        }
    }

    private Expr DotOfSameShape(int d)
    {
        var s = NonScalar();
        return Dot(Generate(s, d), Generate(s, d));
    }

    private Expr IndexOf(int d)
    {
        var s = NonScalar();
        return Index(Generate(s, d), _rng.Next(s.Length));
    }

    // Operands of an entrywise binary op: both of the shape, or one of them a scalar (broadcast).
    private (Expr, Expr) OperandPair(Shape shape, int d)
    {
        if (shape.IsScalar) return (Generate(shape, d), Generate(shape, d));
        return _rng.Next(3) switch
        {
            0 => (Generate(Shape.Scalar, d), Generate(shape, d)),
            1 => (Generate(shape, d), Generate(Shape.Scalar, d)),
            _ => (Generate(shape, d), Generate(shape, d)),
        };
    }

    // An expression ≥ 0.5 everywhere.
    private Expr Positive(Shape shape, int d)
    {
        var half = Builder.Constant(0.5);
        return _rng.Next(3) switch
        {
            0 => Add(Unary(Op.Exp, Generate(shape, Math.Min(d, 1))), half),
            1 => Add(Unary(Op.Softplus, Generate(shape, d)), half),
            _ => Add(Unary(Op.Square, Generate(shape, d)), half),
        };
    }

    private Expr Leaf(Shape shape)
    {
        int block = Array.IndexOf(Shapes, shape);
        double u = _rng.NextDouble();
        if (u < 0.65) return Parameters[block];
        if (u < 0.9) return DataLeaves[block];
        return Builder.Constant(Pick(Constants), shape);
    }

    // ---- the builder calls, simplifying or raw ----

    private Expr Unary(Op op, Expr a) => _simplify ? Builder.Unary(op, a) : Builder.Node(op, a);
    private Expr PowConst(Expr a, double p) => _simplify ? Builder.PowConst(a, p) : Builder.Node(Op.PowConst, a, value: p);
    private Expr Binary(Op op, Expr a, Expr c) => _simplify
        ? op switch
        {
            Op.Add => Builder.Add(a, c), Op.Sub => Builder.Sub(a, c), Op.Mul => Builder.Mul(a, c), Op.Div => Builder.Div(a, c),
            Op.Dot => Builder.Dot(a, c), Op.MatVec => Builder.MatVec(a, c), Op.MatTVec => Builder.MatTVec(a, c),
            Op.Outer => Builder.Outer(a, c), _ => throw new ArgumentException(op.ToString()),
        }
        : Builder.Node(op, a, c);
    private Expr Add(Expr a, Expr c) => Binary(Op.Add, a, c);
    private Expr Sub(Expr a, Expr c) => Binary(Op.Sub, a, c);
    private Expr Mul(Expr a, Expr c) => Binary(Op.Mul, a, c);
    private Expr Div(Expr a, Expr c) => Binary(Op.Div, a, c);
    private Expr Dot(Expr a, Expr c) => Binary(Op.Dot, a, c);
    private Expr MatVec(Expr a, Expr c) => Binary(Op.MatVec, a, c);
    private Expr MatTVec(Expr a, Expr c) => Binary(Op.MatTVec, a, c);
    private Expr Outer(Expr a, Expr c) => Binary(Op.Outer, a, c);
    private Expr Sum(Expr a) => _simplify ? Builder.Sum(a) : Builder.Node(Op.Sum, a);
    private Expr Transpose(Expr a) => _simplify ? Builder.Transpose(a) : Builder.Node(Op.Transpose, a);
    private Expr LogSumExp(Expr a) => _simplify ? Builder.LogSumExp(a) : Builder.Node(Op.LogSumExp, a);
    private Expr Softmax(Expr a) => _simplify ? Builder.Softmax(a) : Builder.Node(Op.Softmax, a);
    private Expr Index(Expr a, int i) => _simplify ? Builder.Index(a, i) : Builder.Node(Op.Index, a, index: i);
    private Expr Scatter(Expr a, int i, Shape shape) => _simplify ? Builder.Scatter(a, i, shape) : Builder.Node(Op.Scatter, a, index: i, shape: shape);
    private Expr Broadcast(Expr a, Shape shape) => _simplify ? Builder.Broadcast(a, shape) : Builder.Node(Op.Broadcast, a, shape: shape);

    private Shape NonScalar() => Shapes[1 + _rng.Next(Shapes.Length - 1)];

    private Shape VectorShape() => Shapes[1 + _rng.Next(2)];

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private double[] Uniform(int n) => Enumerable.Range(0, n).Select(_ => 2 * _rng.NextDouble() - 1).ToArray();
}

/// <summary>Values of the leaves of <see cref="RandomExpressions"/>, indexed by block: parameters, data, directions.</summary>
public sealed record Point(double[][] Parameters, double[][] Data, double[][] Directions)
{
    /// <summary>The value of a Parameter/Data/Direction leaf.</summary>
    public double[] ValueOf(Expr leaf) => leaf.Op switch
    {
        Op.Parameter => Parameters[leaf.Index],
        Op.Data => Data[leaf.Index],
        Op.Direction => Directions[leaf.Index],
        _ => throw new ArgumentException($"{leaf} is not a leaf with a value"),
    };

    /// <summary>This point moved by t·direction in the parameters (or, with <paramref name="inData"/>, in the data).</summary>
    public Point Moved(double t, double[][] direction, bool inData = false)
    {
        double[][] Shift(double[][] x) => x.Select((block, i) => block.Select((v, j) => v + t * direction[i][j]).ToArray()).ToArray();
        return inData ? this with { Data = Shift(Data) } : this with { Parameters = Shift(Parameters) };
    }
}
