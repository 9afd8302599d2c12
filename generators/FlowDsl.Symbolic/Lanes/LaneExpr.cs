using System;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>The operations of a <see cref="LaneExpr"/>: scalar arithmetic, the model's elementwise functions and FMA.</summary>
internal enum LaneOp : byte
{
    /// <summary>The number <see cref="LaneExpr.Value"/>.</summary>
    Constant,
    /// <summary>Coordinate <see cref="LaneExpr.Index"/> of the particle: different in every lane.</summary>
    Coordinate,
    /// <summary>Standard normal <see cref="LaneExpr.Index"/> of this lane and step (SME noise, independent θ): differs between lanes.</summary>
    LaneNormal,
    /// <summary>A scalar shared by all lanes within a step (α, h, β, ζ): the C# expression <see cref="LaneExpr.Symbol"/>.</summary>
    Symbol,
    /// <summary>Entry <see cref="LaneExpr.Index"/> of the flat data θ: shared by all lanes (one θ per step).</summary>
    Data,
    Add, Mul, Div, Neg,
    Exp, Log, Sqrt, Sin, Cos, Tanh, Sigmoid, Softplus, Relu, Abs, Square, Step, Sign,
    /// <summary>A^<see cref="LaneExpr.Value"/>.</summary>
    PowConst,
    /// <summary>A·B + C with one rounding.</summary>
    Fma,
}

/// <summary>
/// A node of a hash-consed scalar DAG, the entries of the model's vector IR written out one by one. Only a
/// <see cref="LaneBuilder"/> creates nodes, so reference equality is structural equality and operands have smaller ids.
/// </summary>
internal sealed class LaneExpr
{
    internal LaneExpr(int id, LaneOp op, LaneExpr? a, LaneExpr? b, LaneExpr? c, double value, int index, string? symbol, bool varies)
    {
        Id = id; Op = op; A = a; B = b; C = c; Value = value; Index = index; Symbol = symbol; Varies = varies;
    }

    public int Id { get; }
    public LaneOp Op { get; }
    public LaneExpr? A { get; }
    public LaneExpr? B { get; }
    public LaneExpr? C { get; }
    public double Value { get; }
    public int Index { get; }
    public string? Symbol { get; }

    /// <summary>True when the node depends on a particle coordinate (differs between lanes).</summary>
    public bool Varies { get; }

    public bool IsConstant => Op == LaneOp.Constant;

    /// <summary>A named symbol or a data entry: a leaf shared by all lanes.</summary>
    public bool IsSharedLeaf => Op is LaneOp.Symbol or LaneOp.Data;

    public IEnumerable<LaneExpr> Operands
    {
        get
        {
            if (A is not null) yield return A;
            if (B is not null) yield return B;
            if (C is not null) yield return C;
        }
    }
}

/// <summary>Too many terms or nodes: the caller falls back to a simpler form or emits no lane kernels.</summary>
internal sealed class LaneBudgetException(string message) : Exception(message);

/// <summary>
/// Creates <see cref="LaneExpr"/> nodes, reusing structurally equal ones, and applies only exact rewrites
/// (x + 0, x·1, x·0 on finite code, −(−x), folding of two numbers to a finite one, operands of + and · in id order).
/// </summary>
internal sealed class LaneBuilder(int nodeBudget = 200_000)
{
    private readonly Dictionary<(LaneOp, int, int, int, double, int, string?), LaneExpr> _nodes = new();
    private int _count;

    public int Count => _count;

    public LaneExpr Constant(double value) => Make(LaneOp.Constant, null, null, null, value, 0, null);
    public LaneExpr Coordinate(int index) => Make(LaneOp.Coordinate, null, null, null, 0, index, null);
    public LaneExpr Symbol(string csharp) => Make(LaneOp.Symbol, null, null, null, 0, 0, csharp);
    public LaneExpr Data(int index) => Make(LaneOp.Data, null, null, null, 0, index, null);
    public LaneExpr LaneNormal(int index) => Make(LaneOp.LaneNormal, null, null, null, 0, index, null);

    public LaneExpr Add(LaneExpr a, LaneExpr b)
    {
        if (a.IsConstant && b.IsConstant && IsFinite(a.Value + b.Value)) return Constant(a.Value + b.Value);
        if (a.IsConstant && a.Value == 0) return b;
        if (b.IsConstant && b.Value == 0) return a;
        return Commutative(LaneOp.Add, a, b);
    }

    public LaneExpr Sub(LaneExpr a, LaneExpr b) => Add(a, Neg(b));

    public LaneExpr Mul(LaneExpr a, LaneExpr b)
    {
        if (a.IsConstant && b.IsConstant && IsFinite(a.Value * b.Value)) return Constant(a.Value * b.Value);
        if (a.IsConstant && a.Value == 0 || b.IsConstant && b.Value == 0) return Constant(0);
        if (a.IsConstant && a.Value == 1) return b;
        if (b.IsConstant && b.Value == 1) return a;
        if (a.IsConstant && a.Value == -1) return Neg(b);
        if (b.IsConstant && b.Value == -1) return Neg(a);
        return Commutative(LaneOp.Mul, a, b);
    }

    public LaneExpr Div(LaneExpr a, LaneExpr b)
    {
        if (a.IsConstant && b.IsConstant && IsFinite(a.Value / b.Value)) return Constant(a.Value / b.Value);
        if (b.IsConstant && b.Value == 1) return a;
        if (a.IsConstant && a.Value == 0) return a;
        return Make(LaneOp.Div, a, b, null, 0, 0, null);
    }

    public LaneExpr Neg(LaneExpr a)
    {
        if (a.IsConstant) return Constant(-a.Value);
        if (a.Op == LaneOp.Neg) return a.A!;
        return Make(LaneOp.Neg, a, null, null, 0, 0, null);
    }

    public LaneExpr Fma(LaneExpr a, LaneExpr b, LaneExpr c)
    {
        if (a.IsConstant && b.IsConstant || c.IsConstant && c.Value == 0) return Add(Mul(a, b), c);
        if (b.IsConstant && b.Value == 1) return Add(a, c);
        if (a.IsConstant && a.Value == 1) return Add(b, c);
        return Make(LaneOp.Fma, a, b, c, 0, 0, null);
    }

    /// <summary>An elementwise function (or <see cref="LaneOp.PowConst"/> with exponent <paramref name="exponent"/>).</summary>
    public LaneExpr Function(LaneOp op, LaneExpr a, double exponent = 0)
    {
        if (op == LaneOp.PowConst && exponent == 0) return Constant(1);
        if (op == LaneOp.PowConst && exponent == 1) return a;
        if (op == LaneOp.PowConst && exponent == 2) return Mul(a, a);
        if (op == LaneOp.Square) return Mul(a, a);
        return Make(op, a, null, null, op == LaneOp.PowConst ? exponent : 0, 0, null);
    }

    // Folds that overflow or give NaN are left to run time, as in the IR's ConstantFolder.
    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private LaneExpr Commutative(LaneOp op, LaneExpr a, LaneExpr b) =>
        a.Id <= b.Id ? Make(op, a, b, null, 0, 0, null) : Make(op, b, a, null, 0, 0, null);

    private LaneExpr Make(LaneOp op, LaneExpr? a, LaneExpr? b, LaneExpr? c, double value, int index, string? symbol)
    {
        var key = (op, a?.Id ?? -1, b?.Id ?? -1, c?.Id ?? -1, value, index, symbol);
        if (_nodes.TryGetValue(key, out var existing)) return existing;
        if (_count >= nodeBudget) throw new LaneBudgetException($"more than {nodeBudget} scalar nodes");
        var varies = op is LaneOp.Coordinate or LaneOp.LaneNormal || (a?.Varies ?? false) || (b?.Varies ?? false) || (c?.Varies ?? false);
        var node = new LaneExpr(_count++, op, a, b, c, value, index, symbol, varies);
        _nodes.Add(key, node);
        return node;
    }
}
