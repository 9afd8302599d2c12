using System.Globalization;
using System.Text;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// Prints an expression as a readable formula (for doc comments, tests and messages). A DAG prints as a tree, which
/// can be exponentially long, so the text is cut at a budget: subexpressions beyond it (or nested deeper than
/// <see cref="MaxDepth"/>) print as "…".
/// </summary>
public static class ExprPrinter
{
    /// <summary>The default length budget of <see cref="Print(Expr)"/>, in characters.</summary>
    public const int DefaultBudget = 4000;

    /// <summary>Nesting deeper than this prints as "…" (keeps the recursion shallow).</summary>
    public const int MaxDepth = 200;

    /// <summary>The formula of <paramref name="e"/>, cut after about <see cref="DefaultBudget"/> characters.</summary>
    public static string Print(Expr e) => Print(e, DefaultBudget);

    /// <summary>The formula of <paramref name="e"/>, cut after about <paramref name="budget"/> characters.</summary>
    public static string Print(Expr e, int budget)
    {
        var text = new StringBuilder();
        Write(text, e, budget, 0);
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Write(StringBuilder text, Expr e, int budget, int depth)
    {
        if (text.Length >= budget || depth > MaxDepth)
        {
            text.Append('…');
            return;
        }
        void Sub(Expr operand) => Write(text, operand, budget, depth + 1);
        void Infix(string op)
        {
            text.Append('(');
            Sub(e.A!);
            text.Append(op);
            Sub(e.B!);
            text.Append(')');
        }
        void Call(string name, string? suffix = null)
        {
            text.Append(name).Append('(');
            Sub(e.A!);
            if (e.B is not null)
            {
                text.Append(", ");
                Sub(e.B);
            }
            text.Append(suffix).Append(')');
        }

        switch (e.Op)
        {
            case Op.Constant:
                text.Append(Number(e.Value));
                if (!e.Shape.IsScalar) text.Append('[').Append(e.Shape).Append(']');
                break;
            case Op.Parameter: case Op.Data: text.Append(e.Name ?? $"{e.Op}{e.Index}"); break;
            case Op.Direction: text.Append('v').Append(e.Index); break;
            case Op.Add: Infix(" + "); break;
            case Op.Sub: Infix(" - "); break;
            case Op.Mul: Infix(" * "); break;
            case Op.Div: Infix(" / "); break;
            case Op.MatVec: Infix(" · "); break;
            case Op.MatTVec:
                text.Append('(');
                Sub(e.A!);
                text.Append("ᵀ · ");
                Sub(e.B!);
                text.Append(')');
                break;
            case Op.Neg: text.Append('-'); Sub(e.A!); break;
            case Op.Index: Sub(e.A!); text.Append('[').Append(e.Index).Append(']'); break;
            case Op.PowConst: Call("Pow", ", " + Number(e.Value)); break;
            case Op.Scatter: Call("Scatter", $", {e.Index}, {e.Shape}"); break;
            case Op.Broadcast: Call("Broadcast", $", {e.Shape}"); break;
            default: Call(e.Op.ToString()); break;
        }
    }
}
