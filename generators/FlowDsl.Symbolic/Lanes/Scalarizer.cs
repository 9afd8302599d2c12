using System;
using System.Collections.Generic;
using System.Linq;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>
/// Writes a vector/matrix IR expression out entry by entry (row-major) as <see cref="LaneExpr"/> scalars. The caller
/// maps the leaves: <c>leaf(e, i)</c> is entry i of the parameter, data or direction block e (usually a lane
/// coordinate, a data entry θ[j] and a per-lane input, at the block's offset in the flat layout). Sums and products
/// keep the IR's left-to-right order.
/// </summary>
internal sealed class Scalarizer(LaneBuilder b, Func<Expr, int, LaneExpr> leaf)
{
    private readonly Dictionary<Expr, LaneExpr[]> _done = new();

    /// <summary>The entries of <paramref name="e"/>; throws <see cref="LaneBudgetException"/> for an unsupported operation.</summary>
    public LaneExpr[] Entries(Expr e)
    {
        if (_done.TryGetValue(e, out var known)) return known;
        // Post-order without recursion: deep sums of many terms would otherwise overflow the stack.
        foreach (var node in Traversal.PostOrder([e]))
            if (!_done.ContainsKey(node)) _done[node] = Compute(node);
        return _done[e];
    }

    private LaneExpr[] Of(Expr e) => _done[e];

    private LaneExpr[] Compute(Expr e)
    {
        var n = e.Shape.Length;
        switch (e.Op)
        {
            case Op.Constant: return Fill(n, _ => b.Constant(e.Value));
            case Op.Parameter:
            case Op.Data:
            case Op.Direction: return Fill(n, i => leaf(e, i));
            case Op.Neg: return Of(e.A!).Select(b.Neg).ToArray();
            case Op.Exp: return Map(LaneOp.Exp, e);
            case Op.Log: return Map(LaneOp.Log, e);
            case Op.Sqrt: return Map(LaneOp.Sqrt, e);
            case Op.Sin: return Map(LaneOp.Sin, e);
            case Op.Cos: return Map(LaneOp.Cos, e);
            case Op.Tanh: return Map(LaneOp.Tanh, e);
            case Op.Sigmoid: return Map(LaneOp.Sigmoid, e);
            case Op.Softplus: return Map(LaneOp.Softplus, e);
            case Op.Relu: return Map(LaneOp.Relu, e);
            case Op.Abs: return Map(LaneOp.Abs, e);
            case Op.Square: return Map(LaneOp.Square, e);
            case Op.Step: return Map(LaneOp.Step, e);
            case Op.Sign: return Map(LaneOp.Sign, e);
            case Op.PowConst: return Of(e.A!).Select(a => b.Function(LaneOp.PowConst, a, e.Value)).ToArray();
            case Op.Add: return Zip(e, b.Add);
            case Op.Sub: return Zip(e, b.Sub);
            case Op.Mul: return Zip(e, b.Mul);
            case Op.Div: return Zip(e, b.Div);
            case Op.Sum: return [Total(Of(e.A!))];
            case Op.Dot:
            {
                var (x, y) = (Of(e.A!), Of(e.B!));
                return [Total(x.Select((xi, i) => b.Mul(xi, y[i])))];
            }
            case Op.MatVec:
            {
                var (m, v, cols) = (Of(e.A!), Of(e.B!), e.A!.Shape.Cols);
                return Fill(n, r => Total(v.Select((vc, c) => b.Mul(m[r * cols + c], vc))));
            }
            case Op.MatTVec:
            {
                var (m, u, rows, cols) = (Of(e.A!), Of(e.B!), e.A!.Shape.Rows, e.A!.Shape.Cols);
                return Fill(n, c => Total(Enumerable.Range(0, rows).Select(r => b.Mul(m[r * cols + c], u[r]))));
            }
            case Op.Outer:
            {
                var (u, v, cols) = (Of(e.A!), Of(e.B!), e.Shape.Cols);
                return Fill(n, i => b.Mul(u[i / cols], v[i % cols]));
            }
            case Op.Transpose:
            {
                var (m, rows, cols) = (Of(e.A!), e.A!.Shape.Rows, e.A!.Shape.Cols);
                return Fill(n, i => m[(i % rows) * cols + i / rows]); // result is cols×rows
            }
            case Op.Index: return [Of(e.A!)[e.Index]];
            case Op.Scatter:
            {
                var s = Of(e.A!)[0];
                return Fill(n, i => i == e.Index ? s : b.Constant(0));
            }
            case Op.Broadcast:
            {
                var s = Of(e.A!)[0];
                return Fill(n, _ => s);
            }
            default:
                // LogSumExp and Softmax need a running maximum to be evaluated safely; lane kernels do not offer one.
                throw new LaneBudgetException($"{e.Op} has no lane form");
        }
    }

    private LaneExpr Total(IEnumerable<LaneExpr> terms)
    {
        LaneExpr? sum = null;
        foreach (var t in terms) sum = sum is null ? t : b.Add(sum, t);
        return sum ?? b.Constant(0);
    }

    private LaneExpr[] Map(LaneOp op, Expr e) => Of(e.A!).Select(a => b.Function(op, a)).ToArray();

    private LaneExpr[] Zip(Expr e, Func<LaneExpr, LaneExpr, LaneExpr> f)
    {
        var (x, y, n) = (Of(e.A!), Of(e.B!), e.Shape.Length);
        return Fill(n, i => f(x.Length == 1 ? x[0] : x[i], y.Length == 1 ? y[0] : y[i]));
    }

    private static LaneExpr[] Fill(int n, Func<int, LaneExpr> f)
    {
        var result = new LaneExpr[n];
        for (var i = 0; i < n; i++) result[i] = f(i);
        return result;
    }
}
