using System.Globalization;

namespace FlowDsl.Symbolic.Ir;

/// <summary>Prints an expression as a readable formula (for doc comments, tests and messages).</summary>
public static class ExprPrinter
{
    public static string Print(Expr e) => e.Op switch
    {
        Op.Constant => e.Shape.IsScalar
            ? e.Value.ToString("R", CultureInfo.InvariantCulture)
            : $"{e.Value.ToString("R", CultureInfo.InvariantCulture)}[{e.Shape}]",
        Op.Parameter or Op.Data => e.Name ?? $"{e.Op}{e.Index}",
        Op.Direction => $"v{e.Index}",
        Op.Add => $"({Print(e.A!)} + {Print(e.B!)})",
        Op.Sub => $"({Print(e.A!)} - {Print(e.B!)})",
        Op.Mul => $"({Print(e.A!)} * {Print(e.B!)})",
        Op.Div => $"({Print(e.A!)} / {Print(e.B!)})",
        Op.Neg => $"-{Print(e.A!)}",
        Op.PowConst => $"Pow({Print(e.A!)}, {e.Value.ToString("R", CultureInfo.InvariantCulture)})",
        Op.MatVec => $"({Print(e.A!)} · {Print(e.B!)})",
        Op.MatTVec => $"({Print(e.A!)}ᵀ · {Print(e.B!)})",
        Op.Index => $"{Print(e.A!)}[{e.Index}]",
        Op.Scatter => $"Scatter({Print(e.A!)}, {e.Index}, {e.Shape})",
        Op.Broadcast => $"Broadcast({Print(e.A!)}, {e.Shape})",
        _ when e.B is not null => $"{e.Op}({Print(e.A!)}, {Print(e.B)})",
        _ => $"{e.Op}({Print(e.A!)})",
    };
}
