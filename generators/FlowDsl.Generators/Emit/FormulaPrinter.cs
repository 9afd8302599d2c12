using System.Collections.Generic;
using System.Globalization;
using System.Text;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Scheduling;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// Prints the formula of a let-list slot for comments, in the notation of <see cref="ExprPrinter"/> but within a
/// character budget: a shared DAG can print exponentially long, so past the budget the formula is cut with "…".
/// </summary>
internal static class FormulaPrinter
{
    public static string Print(LetList list, int slot, int budget, IReadOnlyDictionary<int, string>? directionNames = null)
    {
        var text = new StringBuilder();
        var complete = Append(list, slot, text, budget, directionNames);
        if (!complete)
        {
            if (text.Length > budget) text.Length = budget;
            text.Append('…');
        }
        return text.ToString();
    }

    /// <summary>True when the formula fits in <paramref name="budget"/> characters.</summary>
    public static bool Fits(LetList list, int slot, int budget)
    {
        var text = new StringBuilder();
        return Append(list, slot, text, budget, null);
    }

    private static bool Append(LetList list, int slot, StringBuilder text, int budget, IReadOnlyDictionary<int, string>? directions)
    {
        if (text.Length > budget) return false;
        var e = list.Entries[slot];
        string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        bool Sub(int s) => Append(list, s, text, budget, directions);
        bool Infix(string op)
        {
            text.Append('(');
            if (!Sub(e.A)) return false;
            text.Append(op);
            if (!Sub(e.B)) return false;
            text.Append(')');
            return true;
        }
        bool Call(string name, string? suffix = null)
        {
            text.Append(name).Append('(');
            if (!Sub(e.A)) return false;
            if (e.B >= 0)
            {
                text.Append(", ");
                if (!Sub(e.B)) return false;
            }
            text.Append(suffix).Append(')');
            return true;
        }

        switch (e.Op)
        {
            case Op.Constant:
                text.Append(e.Shape.IsScalar ? Num(e.Value) : $"{Num(e.Value)}[{e.Shape}]");
                return text.Length <= budget;
            case Op.Parameter:
            case Op.Data:
                text.Append(e.Name);
                return text.Length <= budget;
            case Op.Direction:
                text.Append(directions is not null && directions.TryGetValue(e.Index, out var d) ? d : "v" + e.Index);
                return text.Length <= budget;
            case Op.Add: return Infix(" + ");
            case Op.Sub: return Infix(" - ");
            case Op.Mul: return Infix(" * ");
            case Op.Div: return Infix(" / ");
            case Op.MatVec: return Infix(" · ");
            case Op.MatTVec:
                text.Append('(');
                if (!Sub(e.A)) return false;
                text.Append("ᵀ · ");
                if (!Sub(e.B)) return false;
                text.Append(')');
                return true;
            case Op.Neg:
                text.Append('-');
                return Sub(e.A);
            case Op.PowConst: return Call("Pow", ", " + Num(e.Value));
            case Op.Index:
                if (!Sub(e.A)) return false;
                text.Append('[').Append(e.Index).Append(']');
                return text.Length <= budget;
            case Op.Scatter: return Call("Scatter", $", {e.Index}, {e.Shape}");
            case Op.Broadcast: return Call("Broadcast", $", {e.Shape}");
            default: return Call(e.Op.ToString());
        }
    }
}
