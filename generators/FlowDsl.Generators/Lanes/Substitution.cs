using System.Collections.Generic;

namespace FlowDsl.Generators.Lanes;

/// <summary>e with every coordinate x_i replaced by <c>replacement[i]</c> (for a drift evaluated at a predictor), memoised.</summary>
internal sealed class Substitution(LaneBuilder b, IReadOnlyList<LaneExpr> replacement)
{
    private readonly Dictionary<LaneExpr, LaneExpr> _done = new();

    public LaneExpr Of(LaneExpr e)
    {
        if (!e.Varies) return e;
        if (_done.TryGetValue(e, out var known)) return known;
        var result = e.Op switch
        {
            LaneOp.Coordinate => replacement[e.Index],
            LaneOp.Add => b.Add(Of(e.A!), Of(e.B!)),
            LaneOp.Mul => b.Mul(Of(e.A!), Of(e.B!)),
            LaneOp.Div => b.Div(Of(e.A!), Of(e.B!)),
            LaneOp.Neg => b.Neg(Of(e.A!)),
            LaneOp.Fma => b.Fma(Of(e.A!), Of(e.B!), Of(e.C!)),
            _ => b.Function(e.Op, Of(e.A!), e.Value),
        };
        _done[e] = result;
        return result;
    }
}
