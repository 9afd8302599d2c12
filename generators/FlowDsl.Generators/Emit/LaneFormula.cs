using System.Globalization;

using FlowDsl.Symbolic.Lanes;

namespace FlowDsl.Generators.Emit;

/// <summary>A short infix rendering of a lane expression for doc comments.</summary>
internal static class LaneFormula
{
    public static string Print(LaneExpr e) => Guarded(e).Op switch
    {
        LaneOp.Constant => e.Value.ToString("R", CultureInfo.InvariantCulture),
        LaneOp.Coordinate => $"x[{e.Index}]",
        LaneOp.Symbol => e.Symbol!,
        LaneOp.Data => $"θ[{e.Index}]",
        LaneOp.LaneNormal => $"ξ[{e.Index}]",
        LaneOp.Add when e.B!.Op == LaneOp.Neg => $"({Print(e.A!)} − {Print(e.B.A!)})",
        LaneOp.Add => $"({Print(e.A!)} + {Print(e.B!)})",
        LaneOp.Mul => $"{Print(e.A!)}·{Print(e.B!)}",
        LaneOp.Div => $"{Print(e.A!)}/{Print(e.B!)}",
        LaneOp.Neg => $"−{Print(e.A!)}",
        LaneOp.Fma => $"({Print(e.A!)}·{Print(e.B!)} + {Print(e.C!)})",
        LaneOp.PowConst => $"{Print(e.A!)}^{e.Value.ToString("R", CultureInfo.InvariantCulture)}",
        _ => $"{e.Op.ToString().ToLowerInvariant()}({Print(e.A!)})",
    };

    private static LaneExpr Guarded(LaneExpr e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        return e;
    }
}
