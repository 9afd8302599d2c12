using System;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// A node of the hash-consed expression DAG. Nodes are created only by an <see cref="ExprBuilder"/>, which returns the
/// existing node for a structurally equal request, so within one builder reference equality is structural equality
/// and <see cref="Id"/> is a topological order (operands always have smaller ids).
/// </summary>
public sealed class Expr
{
    internal Expr(int id, Op op, Shape shape, Expr? a, Expr? b, double value, int index, string? name)
    {
        Id = id;
        Op = op;
        Shape = shape;
        A = a;
        B = b;
        Value = value;
        Index = index;
        Name = name;
    }

    /// <summary>Position in the builder's creation order: operands have smaller ids.</summary>
    public int Id { get; }
    public Op Op { get; }
    public Shape Shape { get; }
    /// <summary>First operand, or null for leaves.</summary>
    public Expr? A { get; }
    /// <summary>Second operand, or null.</summary>
    public Expr? B { get; }
    /// <summary>The constant of <see cref="Op.Constant"/> or the exponent of <see cref="Op.PowConst"/>; otherwise 0.</summary>
    public double Value { get; }
    /// <summary>The block of a leaf, or the flat position of <see cref="Op.Index"/>/<see cref="Op.Scatter"/>; otherwise 0.</summary>
    public int Index { get; }
    /// <summary>The C# name of a parameter or data leaf; otherwise null.</summary>
    public string? Name { get; }

    public bool IsConstant => Op == Op.Constant;
    public bool IsZero => Op == Op.Constant && Value == 0.0;
    public bool IsOne => Op == Op.Constant && Value == 1.0;

    /// <summary>The operands that are present.</summary>
    public IEnumerable<Expr> Operands
    {
        get
        {
            if (A is not null) yield return A;
            if (B is not null) yield return B;
        }
    }

    public override string ToString() => ExprPrinter.Print(this);
}

/// <summary>The structural key a builder hash-conses on (operands by id).</summary>
internal readonly record struct ExprKey(Op Op, Shape Shape, int A, int B, double Value, int Index, string? Name);
