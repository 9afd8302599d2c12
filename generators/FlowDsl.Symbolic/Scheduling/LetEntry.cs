using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Scheduling;

/// <summary>
/// One binding of a let-list: <c>slot ← Op(A, B)</c>. Operands are earlier slots (−1 when absent); leaves carry their
/// block in <see cref="Index"/> and their C# name in <see cref="Name"/>, exactly as <see cref="Expr"/> does.
/// </summary>
/// <param name="Slot">This entry's position in the list (operands always have smaller slots).</param>
/// <param name="Uses">How many times the value is read: by later entries (once per operand position) plus as an output.</param>
public readonly record struct LetEntry(int Slot, Op Op, Shape Shape, int A, int B, double Value, int Index, string? Name, int Uses)
{
    /// <summary>True for parameter, data, direction and constant leaves (no computation).</summary>
    public bool IsLeaf => Op is Op.Constant or Op.Parameter or Op.Data or Op.Direction;
}
