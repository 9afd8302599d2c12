using System.Collections.Generic;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>∂e/∂x_j of a scalar lane expression (symbols are constants), memoised per node.</summary>
internal sealed class LaneDerivative(LaneBuilder b, int coordinate)
{
    private readonly Dictionary<LaneExpr, LaneExpr> _done = new();

    public LaneExpr Of(LaneExpr e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        if (!e.Varies) return b.Constant(0);
        if (_done.TryGetValue(e, out var known)) return known;
        var result = Compute(e);
        _done[e] = result;
        return result;
    }

    private LaneExpr Compute(LaneExpr e)
    {
        var a = e.A;
        switch (e.Op)
        {
            case LaneOp.Coordinate: return b.Constant(e.Index == coordinate ? 1 : 0);
            case LaneOp.LaneNormal: return b.Constant(0);
            case LaneOp.Add: return b.Add(Of(a!), Of(e.B!));
            case LaneOp.Neg: return b.Neg(Of(a!));
            case LaneOp.Mul: return b.Add(b.Mul(Of(a!), e.B!), b.Mul(a!, Of(e.B!)));
            case LaneOp.Div: // (a/c)' = a'/c − (a/c)·c'/c
                return b.Sub(b.Div(Of(a!), e.B!), b.Div(b.Mul(e, Of(e.B!)), e.B!));
            case LaneOp.Fma: return b.Add(b.Add(b.Mul(Of(a!), e.B!), b.Mul(a!, Of(e.B!))), Of(e.C!));
        }
        var inner = Of(a!);
        if (inner.IsConstant && inner.Value == 0) return inner;
        var outer = e.Op switch
        {
            LaneOp.Exp => e,
            LaneOp.Log => b.Div(b.Constant(1), a!),
            LaneOp.Sqrt => b.Div(b.Constant(0.5), e),
            LaneOp.Sin => b.Function(LaneOp.Cos, a!),
            LaneOp.Cos => b.Neg(b.Function(LaneOp.Sin, a!)),
            LaneOp.Tanh => b.Sub(b.Constant(1), b.Mul(e, e)),
            LaneOp.Sigmoid => b.Mul(e, b.Sub(b.Constant(1), e)),
            LaneOp.Softplus => b.Function(LaneOp.Sigmoid, a!),
            LaneOp.Relu => b.Function(LaneOp.Step, a!),
            LaneOp.Abs => b.Function(LaneOp.Sign, a!),
            LaneOp.Step or LaneOp.Sign => b.Constant(0),
            LaneOp.PowConst => b.Mul(b.Constant(e.Value), b.Function(LaneOp.PowConst, a!, e.Value - 1)),
            _ => throw new LaneBudgetException($"no derivative rule for {e.Op}"),
        };
        return b.Mul(outer, inner);
    }
}
