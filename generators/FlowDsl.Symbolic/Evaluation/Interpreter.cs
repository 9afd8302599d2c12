using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Evaluation;

/// <summary>
/// The reference semantics of the IR: evaluates expressions to row-major <c>double[]</c> values (length
/// <see cref="Shape.Length"/>; a scalar is a 1-element array), given the values of the Parameter/Data/Direction
/// leaves. Values are memoised per node for the lifetime of the interpreter, so create one per point.
/// This is the oracle for tests, written for clarity, not speed. Returned arrays must not be modified.
/// </summary>
public sealed class Interpreter
{
    private readonly Func<Expr, double[]> _leafValue;
    private readonly Dictionary<Expr, double[]> _values = new();

    /// <summary>Creates an interpreter that asks <paramref name="leafValue"/> for each non-constant leaf (once).</summary>
    public Interpreter(Func<Expr, double[]> leafValue) => _leafValue = leafValue;

    /// <summary>Evaluates <paramref name="e"/> once with the given leaf values.</summary>
    public static double[] Evaluate(Expr e, Func<Expr, double[]> leafValue) => new Interpreter(leafValue).Evaluate(e);

    /// <summary>The value of <paramref name="e"/>.</summary>
    /// <exception cref="ArgumentException">A leaf value has the wrong length.</exception>
    public double[] Evaluate(Expr e)
    {
        if (_values.TryGetValue(e, out var known)) return known;
        // The nodes still to evaluate, operands first: no recursion.
        var pending = Traversal.PostOrder([e], _values.ContainsKey);
        foreach (var n in pending)
            _values[n] = n.A is null ? Leaf(n, _leafValue) : Compute(n, _values[n.A], n.B is null ? null : _values[n.B]);
        return _values[e];
    }

    /// <summary>The value of a leaf: a filled array for a constant, else <paramref name="leafValue"/>'s (length-checked).</summary>
    internal static double[] Leaf(Expr e, Func<Expr, double[]> leafValue)
    {
        if (e.Op == Op.Constant) return Filled(e.Shape.Length, e.Value);
        var leaf = leafValue(e);
        if (leaf.Length != e.Shape.Length)
            throw new ArgumentException($"the value of {e} ({e.Op} {e.Index}) has {leaf.Length} entries, expected {e.Shape.Length} for a {e.Shape}");
        return leaf;
    }

    /// <summary>The value of the operation node <paramref name="e"/> from the values of its operands.</summary>
    internal static double[] Compute(Expr e, double[] a, double[]? c)
    {
        var shape = e.Shape;
        switch (e.Op)
        {
            case Op.Add: case Op.Sub: case Op.Mul: case Op.Div:
            {
                var r = new double[shape.Length];
                for (int i = 0; i < r.Length; i++)
                    r[i] = Scalar.Binary(e.Op, a.Length == 1 ? a[0] : a[i], c!.Length == 1 ? c[0] : c[i]);
                return r;
            }
            case Op.Sum:
            {
                double s = 0;
                foreach (var x in a) s += x;
                return [s];
            }
            case Op.Dot:
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * c![i];
                return [s];
            }
            case Op.MatVec: // y_i = Σ_j M_ij v_j
            {
                int rows = e.A!.Shape.Rows, cols = e.A.Shape.Cols;
                var r = new double[rows];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) r[i] += a[i * cols + j] * c![j];
                return r;
            }
            case Op.MatTVec: // y_j = Σ_i M_ij u_i
            {
                int rows = e.A!.Shape.Rows, cols = e.A.Shape.Cols;
                var r = new double[cols];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) r[j] += a[i * cols + j] * c![i];
                return r;
            }
            case Op.Outer: // Y_ij = u_i v_j
            {
                var r = new double[a.Length * c!.Length];
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < c.Length; j++) r[i * c.Length + j] = a[i] * c[j];
                return r;
            }
            case Op.Transpose: // Y_ji = M_ij
            {
                int rows = e.A!.Shape.Rows, cols = e.A.Shape.Cols;
                var r = new double[a.Length];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) r[j * rows + i] = a[i * cols + j];
                return r;
            }
            case Op.Index:
                return [a[e.Index]];
            case Op.Scatter:
            {
                var r = new double[shape.Length];
                r[e.Index] = a[0];
                return r;
            }
            case Op.Broadcast:
                return Filled(shape.Length, a[0]);
            case Op.LogSumExp: // m + log Σ e^{vᵢ − m}, m = max v: no overflow
            {
                double m = Max(a), s = 0;
                foreach (var x in a) s += Math.Exp(x - m);
                return [m + Math.Log(s)];
            }
            case Op.Softmax:
            {
                double m = Max(a), s = 0;
                var r = new double[a.Length];
                for (int i = 0; i < a.Length; i++) s += r[i] = Math.Exp(a[i] - m);
                for (int i = 0; i < a.Length; i++) r[i] /= s;
                return r;
            }
            default: // elementwise unary
            {
                var r = new double[a.Length];
                for (int i = 0; i < a.Length; i++) r[i] = Scalar.Function(e.Op, a[i], e.Value);
                return r;
            }
        }
    }

    private static double[] Filled(int length, double value)
    {
        var r = new double[length];
        for (int i = 0; i < length; i++) r[i] = value;
        return r;
    }

    private static double Max(double[] a)
    {
        double m = double.NegativeInfinity;
        foreach (var x in a) m = Math.Max(m, x);
        return m;
    }
}
