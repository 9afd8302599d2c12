using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;

namespace FlowDsl.Symbolic.Tests.Infrastructure;

/// <summary>
/// A plain recursive evaluator of lane expressions, written for the tests from the definitions of the operations
/// (not from the generator's printers): the oracle the lane algebra is checked against.
/// </summary>
internal static class LaneEvaluator
{
    /// <summary>The value of <paramref name="e"/>, given the value of every leaf (coordinates, data, normals, symbols).</summary>
    public static double Evaluate(LaneExpr e, Func<LaneExpr, double> leaf) => Evaluate(e, leaf, new Dictionary<LaneExpr, double>());

    private static double Evaluate(LaneExpr e, Func<LaneExpr, double> leaf, Dictionary<LaneExpr, double> done)
    {
        if (done.TryGetValue(e, out var known)) return known;
        double A() => Evaluate(e.A!, leaf, done);
        double B() => Evaluate(e.B!, leaf, done);
        var value = e.Op switch
        {
            LaneOp.Constant => e.Value,
            LaneOp.Coordinate or LaneOp.Data or LaneOp.LaneNormal or LaneOp.Symbol => leaf(e),
            LaneOp.Add => A() + B(),
            LaneOp.Mul => A() * B(),
            LaneOp.Div => A() / B(),
            LaneOp.Neg => -A(),
            LaneOp.Fma => Math.FusedMultiplyAdd(A(), B(), Evaluate(e.C!, leaf, done)),
            LaneOp.Exp => Math.Exp(A()),
            LaneOp.Log => Math.Log(A()),
            LaneOp.Sqrt => Math.Sqrt(A()),
            LaneOp.Sin => Math.Sin(A()),
            LaneOp.Cos => Math.Cos(A()),
            LaneOp.Tanh => Math.Tanh(A()),
            LaneOp.Sigmoid => 1 / (1 + Math.Exp(-A())),
            LaneOp.Softplus => Math.Log(1 + Math.Exp(A())),
            LaneOp.Relu => Math.Max(A(), 0),
            LaneOp.Abs => Math.Abs(A()),
            LaneOp.Square => A() * A(),
            LaneOp.Step => A() > 0 ? 1 : 0,
            LaneOp.Sign => Math.Sign(A()),
            LaneOp.PowConst => Math.Pow(A(), e.Value),
            _ => throw new ArgumentException($"no rule for {e.Op}"),
        };
        done[e] = value;
        return value;
    }

    /// <summary>
    /// The leaf mapping of <see cref="RandomExpressions"/> blocks into lanes: parameter block k entry i is coordinate
    /// (offset of k) + i, data entries likewise, and direction entries are lane normals.
    /// </summary>
    public static Scalarizer Scalarizer(LaneBuilder b)
    {
        var offsets = new int[RandomExpressions.Shapes.Length];
        for (var k = 1; k < offsets.Length; k++) offsets[k] = offsets[k - 1] + RandomExpressions.Shapes[k - 1].Length;
        return new Scalarizer(b, (e, i) => e.Op switch
        {
            Op.Parameter => b.Coordinate(offsets[e.Index] + i),
            Op.Data => b.Data(offsets[e.Index] + i),
            _ => b.LaneNormal(offsets[e.Index] + i),
        });
    }

    /// <summary>The leaf values of a <see cref="Point"/> under <see cref="Scalarizer"/>'s mapping.</summary>
    public static Func<LaneExpr, double> Leaves(Point point)
    {
        var (x, θ, v) = (point.Parameters.SelectMany(p => p).ToArray(), point.Data.SelectMany(p => p).ToArray(), point.Directions.SelectMany(p => p).ToArray());
        return leaf => leaf.Op switch
        {
            LaneOp.Coordinate => x[leaf.Index],
            LaneOp.Data => θ[leaf.Index],
            LaneOp.LaneNormal => v[leaf.Index],
            _ => throw new ArgumentException($"no value for {leaf.Op} {leaf.Symbol}"),
        };
    }
}
