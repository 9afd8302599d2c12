using System;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>
/// e with leaves replaced: coordinates x_i by <c>coordinates[i]</c> (a drift at a predictor), shared leaves (symbols
/// and data entries) by <c>shared(leaf)</c> when it returns a node (θ drawn per lane), memoised.
/// </summary>
internal sealed class Substitution(LaneBuilder b, IReadOnlyList<LaneExpr>? coordinates, Func<LaneExpr, LaneExpr?>? shared = null)
{
    private readonly Dictionary<LaneExpr, LaneExpr> _done = new();

    public LaneExpr Of(LaneExpr e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        if (shared is null && !e.Varies) return e;
        if (_done.TryGetValue(e, out var known)) return known;
        var result = e.Op switch
        {
            LaneOp.Constant or LaneOp.LaneNormal => e,
            LaneOp.Coordinate => coordinates is null ? e : coordinates[e.Index],
            LaneOp.Symbol or LaneOp.Data => shared?.Invoke(e) ?? e,
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
