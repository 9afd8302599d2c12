using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Ir;

namespace FlowDsl.Symbolic.Evaluation;

/// <summary>
/// The <see cref="Interpreter"/>'s semantics for repeated evaluation of fixed outputs at many points (finite
/// differences, Monte Carlo oracles): the reachable nodes are ordered once, then each evaluation is a single pass.
/// </summary>
public sealed class EvaluationPlan
{
    private readonly Expr[] _order;
    private readonly int[] _a;
    private readonly int[] _b;
    private readonly int[] _outputs;

    /// <summary>Plans the evaluation of <paramref name="outputs"/>.</summary>
    public EvaluationPlan(IReadOnlyList<Expr> outputs)
    {
        var order = Traversal.PostOrder(outputs);
        var position = new Dictionary<Expr, int>();
        for (int i = 0; i < order.Count; i++) position[order[i]] = i;
        _order = order.ToArray();
        _a = Array.ConvertAll(_order, e => e.A is null ? -1 : position[e.A]);
        _b = Array.ConvertAll(_order, e => e.B is null ? -1 : position[e.B]);
        _outputs = new int[outputs.Count];
        for (int i = 0; i < _outputs.Length; i++) _outputs[i] = position[outputs[i]];
    }

    /// <summary>Number of distinct nodes evaluated per call.</summary>
    public int NodeCount => _order.Length;

    /// <summary>The values of the outputs (in order) for the given leaf values.</summary>
    public double[][] Evaluate(Func<Expr, double[]> leafValue)
    {
        var values = new double[_order.Length][];
        for (int i = 0; i < _order.Length; i++)
        {
            var e = _order[i];
            values[i] = _a[i] < 0
                ? Interpreter.Leaf(e, leafValue)
                : Interpreter.Compute(e, values[_a[i]], _b[i] < 0 ? null : values[_b[i]]);
        }
        var result = new double[_outputs.Length][];
        for (int i = 0; i < result.Length; i++) result[i] = values[_outputs[i]];
        return result;
    }
}
