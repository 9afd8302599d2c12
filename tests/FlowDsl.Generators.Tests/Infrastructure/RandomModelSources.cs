using System.Globalization;
using System.Text;

namespace FlowDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Writes random, well-formed [FlowModel] classes as C# source (fixed seed ⇒ same sources), covering every operator,
/// function and shape of the model language: scalars, Vec(2), Vec(3), Mat(2×3), Mat(3×2); Mat*v, Transpose(M)*v,
/// indexing, Dot, Sum, SquaredNorm, LogSumExp, Softmax, Pow, entrywise Vec*Vec, scalar broadcast, Math.X, locals.
/// Arguments are kept where finite differences are accurate: Log/Sqrt/fractional Pow/denominators get (…)² + c,
/// Exp gets a bounded argument, and Relu/Abs get arguments bounded away from their kink (both branches occur).
/// </summary>
internal sealed class RandomModelSources
{
    private enum Kind { Scalar, Vector, Matrix }

    private readonly record struct TensorShape(Kind Kind, int Rows, int Cols)
    {
        public string Dim => Kind switch { Kind.Scalar => "", Kind.Vector => $"[Dim({Rows})] ", _ => $"[Dim({Rows}, {Cols})] " };
        public string Type => Kind switch { Kind.Scalar => "double", Kind.Vector => "Vec", _ => "Mat" };
    }

    private static readonly TensorShape Scalar = new(Kind.Scalar, 1, 1);
    private static readonly TensorShape[] Shapes = [Scalar, new(Kind.Vector, 2, 1), new(Kind.Vector, 3, 1), new(Kind.Matrix, 2, 3), new(Kind.Matrix, 3, 2)];

    private readonly System.Random _random;
    private readonly List<(string Name, TensorShape Shape)> _leaves = [];

    public RandomModelSources(int seed) => _random = new System.Random(seed);

    /// <summary>The constructs used so far (to prove coverage).</summary>
    public HashSet<string> Covered { get; } = new(StringComparer.Ordinal);

    /// <summary>A model class named <paramref name="className"/> in namespace Random.</summary>
    public string Model(string className)
    {
        _leaves.Clear();
        var parameters = new List<string>();
        var parameterLeaves = new List<(string Name, TensorShape Shape)>();
        foreach (var shape in Pick(Shapes, 1 + _random.Next(3)))
        {
            var name = "p" + parameters.Count;
            parameters.Add($"{shape.Dim}{shape.Type} {name}");
            parameterLeaves.Add((name, shape));
        }
        foreach (var shape in Pick(Shapes, _random.Next(3)))
        {
            var name = "d" + parameters.Count;
            parameters.Add($"[Data{(shape.Kind == Kind.Scalar ? "" : ", " + shape.Dim.Trim('[', ']', ' '))}] {shape.Type} {name}");
            _leaves.Add((name, shape));
        }
        _leaves.AddRange(parameterLeaves);
        Shuffle(parameters);

        var body = new StringBuilder();
        var locals = _random.Next(3) == 0 ? 1 + _random.Next(2) : 0;
        for (var i = 0; i < locals; i++)
        {
            var shape = Pick(Shapes.Where(s => Constructible(s)).ToArray(), 1)[0];
            var local = "h" + i;
            body.AppendLine($"        var {local} = {Expression(shape, 2)};");
            _leaves.Add((local, shape));
            Covered.Add("local");
        }

        // Every parameter enters through a quadratic term, so no gradient block is structurally zero.
        // Every local is read too (an unused local would be a compiler warning in the user's code).
        var terms = parameterLeaves.Concat(_leaves.Where(l => l.Name.StartsWith('h')))
            .Select(p => p.Shape.Kind == Kind.Scalar ? $"Square({p.Name})" : $"SquaredNorm({p.Name})");
        var risk = $"{Expression(Scalar, 3)} + 0.25 * ({string.Join(" + ", terms)})";

        var source = new StringBuilder();
        source.AppendLine("[FlowModel(LaneSteps = true)]");
        source.AppendLine($"public partial class {className}");
        source.AppendLine("{");
        source.AppendLine("    [Risk]");
        source.AppendLine($"    public static double R({string.Join(", ", parameters)})");
        if (locals == 0)
        {
            source.AppendLine($"        => {risk};");
        }
        else
        {
            source.AppendLine("    {");
            source.Append(body);
            source.AppendLine($"        return {risk};");
            source.AppendLine("    }");
        }
        source.AppendLine("}");
        return source.ToString();
    }

    private bool Constructible(TensorShape shape) => Constructible(shape, 2);

    private bool Constructible(TensorShape shape, int depth) =>
        shape.Kind == Kind.Scalar
        || _leaves.Any(l => l.Shape == shape)
        || (depth > 0 && shape.Kind == Kind.Vector && Shapes.Any(m => m.Kind == Kind.Matrix
            && ((m.Rows == shape.Rows && Constructible(m, depth - 1) && Constructible(new TensorShape(Kind.Vector, m.Cols, 1), depth - 1))
             || (m.Cols == shape.Rows && Constructible(m, depth - 1) && Constructible(new TensorShape(Kind.Vector, m.Rows, 1), depth - 1)))))
        || (depth > 0 && shape.Kind == Kind.Matrix && _leaves.Any(l => l.Shape == new TensorShape(Kind.Matrix, shape.Cols, shape.Rows)));

    private string Leaf(TensorShape shape)
    {
        var leaves = _leaves.Where(l => l.Shape == shape).ToList();
        if (shape.Kind == Kind.Scalar)
        {
            var vectors = _leaves.Where(l => l.Shape.Kind == Kind.Vector).ToList();
            var matrices = _leaves.Where(l => l.Shape.Kind == Kind.Matrix).ToList();
            switch (_random.Next(5))
            {
                case 0 when vectors.Count > 0:
                    var v = vectors[_random.Next(vectors.Count)];
                    Covered.Add("index");
                    return $"{v.Name}[{_random.Next(v.Shape.Rows)}]";
                case 1 when matrices.Count > 0:
                    var m = matrices[_random.Next(matrices.Count)];
                    Covered.Add("matrix index");
                    return $"{m.Name}[{_random.Next(m.Shape.Rows)}, {_random.Next(m.Shape.Cols)}]";
                case 2:
                    Covered.Add("constant");
                    return Constant();
            }
            return leaves.Count > 0 ? leaves[_random.Next(leaves.Count)].Name : Constant();
        }
        if (leaves.Count > 0) return leaves[_random.Next(leaves.Count)].Name;
        return Expression(shape, 1); // no leaf of this shape: build it (M * v, Transpose(M) * v, Transpose(M))
    }

    private string Expression(TensorShape shape, int depth)
    {
        if (depth <= 0 || _random.Next(8) == 0)
        {
            if (_leaves.Any(l => l.Shape == shape) || shape.Kind == Kind.Scalar) return Leaf(shape);
        }
        var d = Math.Max(depth - 1, 0);
        return shape.Kind switch
        {
            Kind.Scalar => ScalarExpression(d),
            Kind.Vector => VectorExpression(shape, d),
            _ => MatrixExpression(shape, d),
        };
    }

    private string ScalarExpression(int d)
    {
        var vectorShapes = Shapes.Where(s => s.Kind == Kind.Vector && Constructible(s)).ToArray();
        var matrixShapes = Shapes.Where(s => s.Kind == Kind.Matrix && _leaves.Any(l => l.Shape == s)).ToArray();
        var choice = _random.Next(12);
        if (choice >= 8 && vectorShapes.Length > 0)
        {
            var v = vectorShapes[_random.Next(vectorShapes.Length)];
            switch (_random.Next(6))
            {
                case 0: Covered.Add("Dot"); return $"Dot({Expression(v, d)}, {Expression(v, d)})";
                case 1: Covered.Add("Sum"); return $"Sum({Expression(v, d)})";
                case 2: Covered.Add("SquaredNorm"); return $"SquaredNorm({Expression(v, d)})";
                case 3: Covered.Add("LogSumExp"); return $"LogSumExp({Expression(v, d)})";
                case 4: Covered.Add("index of an expression"); return $"({Expression(v, d)})[{_random.Next(v.Rows)}]";
                default:
                    if (matrixShapes.Length > 0)
                    {
                        var m = matrixShapes[_random.Next(matrixShapes.Length)];
                        Covered.Add("Sum of a matrix");
                        return _random.Next(2) == 0 ? $"Sum({Expression(m, d)})" : $"SquaredNorm({Expression(m, d)})";
                    }
                    Covered.Add("Sum");
                    return $"Sum({Expression(v, d)})";
            }
        }
        return Entrywise(Scalar, d, scalarOnly: true);
    }

    private string VectorExpression(TensorShape shape, int d)
    {
        var products = Shapes.Where(m => m.Kind == Kind.Matrix && Constructible(m)
            && ((m.Rows == shape.Rows && Constructible(new TensorShape(Kind.Vector, m.Cols, 1))) || (m.Cols == shape.Rows && Constructible(new TensorShape(Kind.Vector, m.Rows, 1))))).ToArray();
        var choice = _random.Next(10);
        if ((choice < 2 || !_leaves.Any(l => l.Shape == shape)) && products.Length > 0)
        {
            var m = products[_random.Next(products.Length)];
            if (m.Rows == shape.Rows && (m.Cols != shape.Rows || _random.Next(2) == 0))
            {
                Covered.Add("Mat * Vec");
                return $"({Expression(m, 0)} * {Expression(new TensorShape(Kind.Vector, m.Cols, 1), d)})";
            }
            Covered.Add("Transpose(M) * v");
            return $"(Transpose({Expression(m, 0)}) * {Expression(new TensorShape(Kind.Vector, m.Rows, 1), d)})";
        }
        if (choice == 2)
        {
            Covered.Add("Softmax");
            return $"Softmax({Expression(shape, d)})";
        }
        return Entrywise(shape, d, scalarOnly: false);
    }

    private string MatrixExpression(TensorShape shape, int d)
    {
        var transposed = new TensorShape(Kind.Matrix, shape.Cols, shape.Rows);
        if (!_leaves.Any(l => l.Shape == shape) || (_random.Next(6) == 0 && _leaves.Any(l => l.Shape == transposed)))
        {
            Covered.Add("Transpose(M)");
            return $"Transpose({Expression(transposed, 0)})";
        }
        return Entrywise(shape, d, scalarOnly: false);
    }

    // Operators and functions that act entrywise; Mat has no entrywise product, quotient or scalar sum at run time.
    private string Entrywise(TensorShape shape, int d, bool scalarOnly)
    {
        string E() => Expression(shape, d);
        string S() => Expression(Scalar, Math.Min(d, 1));
        var isMatrix = shape.Kind == Kind.Matrix;
        switch (_random.Next(isMatrix ? 9 : 13))
        {
            case 0: Covered.Add("+"); return $"({E()} + {E()})";
            case 1: Covered.Add("-"); return $"({E()} - {E()})";
            case 2: Covered.Add("unary -"); return $"-({E()})";
            case 3:
                Covered.Add("scalar * tensor");
                return _random.Next(2) == 0 ? $"({S()} * {E()})" : $"({E()} * {S()})";
            case 4: return Function(shape, d);
            case 5: return Function(shape, d);
            case 6: return Function(shape, d);
            case 7:
                Covered.Add("/ scalar");
                return $"({E()} / (Square({S()}) + 1.5))";
            case 8:
                Covered.Add("Pow");
                return _random.Next(2) == 0 ? $"Pow({E()}, {1 + _random.Next(3)})" : $"Pow({Positive(shape, d)}, {Pick([1.5, -0.5, 0.5, -1.25], 1)[0].ToString(CultureInfo.InvariantCulture)})";
            case 9:
                Covered.Add(scalarOnly ? "*" : "Vec * Vec (Hadamard)");
                return $"({E()} * {E()})";
            case 10:
                Covered.Add(scalarOnly ? "/" : "Vec / Vec");
                return $"({E()} / (Square({E()}) + 1.5))";
            case 11:
                Covered.Add("scalar + tensor");
                return scalarOnly ? $"({E()} + {S()})" : $"({S()} - {E()})";
            default:
                Covered.Add("Math.X");
                return scalarOnly ? Pick(new[] { $"Math.Sin({E()})", $"Math.Exp(Math.Tanh({E()}))", $"Math.Sqrt(Math.Pow({E()}, 2) + 0.5)", $"Math.Abs({E()} * {E()} + 0.1)", $"Math.Log(Math.Cos({E()}) + 2.0)" }, 1)[0] : $"Cos({E()})";
        }
    }

    private string Function(TensorShape shape, int d)
    {
        string E() => Expression(shape, d);
        var name = Pick(["Exp", "Log", "Sqrt", "Sin", "Cos", "Tanh", "Sigmoid", "Softplus", "Relu", "Abs", "Square"], 1)[0];
        Covered.Add(name);
        var sign = _random.Next(2) == 0 ? "" : "-";
        return name switch
        {
            "Exp" => $"Exp(Tanh({E()}))",
            "Log" or "Sqrt" => $"{name}({Positive(shape, d)})",
            "Relu" or "Abs" => $"{name}({sign}{Positive(shape, d)})", // away from the kink at 0; both branches
            _ => $"{name}({E()})",
        };
    }

    // An expression whose entries are ≥ 0.36 (Mat has no "+ scalar" at run time, so matrices use Exp(Tanh(…))).
    private string Positive(TensorShape shape, int d) =>
        shape.Kind == Kind.Matrix ? $"Exp(Tanh({Expression(shape, d)}))" : $"(Square({Expression(shape, d)}) + 0.5)";

    private string Constant() => Pick(["0.5", "2", "1.5", "-0.75", "3"], 1)[0];

    private T[] Pick<T>(T[] items, int count)
    {
        var copy = items.ToArray();
        Shuffle(copy);
        return copy.Take(Math.Min(count, copy.Length)).ToArray();
    }

    private void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
