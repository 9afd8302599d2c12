using System;
using System.Collections.Generic;
using System.Linq;
using FlowDsl.Symbolic.Lanes;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// Prints a step <c>x ← F(x)</c> given as one lane expression per coordinate in the two parts of an
/// <c>ILaneStep</c>: the shared subexpressions that reach lane code become per-step constants computed once, in scalar
/// code, by <c>PrepareStep</c>; the rest is straight-line <c>TOps</c> code in <c>Step</c>, generic over the SIMD width.
/// Every lane operation is one IEEE operation, so all widths give the same bits.
/// </summary>
internal sealed class LaneProgramWriter
{
    private const string Math = "global::System.Math";
    private const string Functions = "global::FlowDsl.Simd.LaneFunctions";

    private readonly LaneExpr[] _outputs;
    private readonly List<LaneExpr> _slots = new();            // shared nodes read by lane code, in id order
    private readonly HashSet<LaneExpr> _slotSet = new();
    private readonly Dictionary<LaneExpr, int> _slotOf = new();
    private readonly HashSet<int> _broadcastAtUse = new();     // in WriteStep: slots read once, broadcast where they are read
    private readonly List<LaneExpr> _lane = new();             // lane nodes to compute, in id order
    private readonly List<LaneExpr> _shared = new();           // shared nodes PrepareStep computes, in id order

    private readonly string _inputTile;
    // Temporaries are named by schedule order (s0, s1, … in PrepareStep; t0, t1, … and n0, n1, … in Step), not by node id.
    private readonly Dictionary<LaneExpr, string> _names = new();

    /// <param name="outputs">One lane expression per output.</param>
    /// <param name="inputTile">The tile that <see cref="LaneOp.LaneNormal"/> leaves read (per-lane normals, or a direction v).</param>
    public LaneProgramWriter(IReadOnlyList<LaneExpr> outputs, string inputTile = "normals")
    {
        _inputTile = inputTile;
        _outputs = outputs.ToArray();
        var laneSeen = new HashSet<LaneExpr>();
        var sharedSeen = new HashSet<LaneExpr>();
        var stack = new Stack<LaneExpr>();
        foreach (var o in _outputs)
        {
            if (o.Varies) stack.Push(o);
            else if (!o.IsConstant) Slot(o, sharedSeen);
        }
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!laneSeen.Add(e)) continue;
            foreach (var operand in LaneOperands(e))
            {
                if (operand.Varies) stack.Push(operand);
                else if (!operand.IsConstant) Slot(operand, sharedSeen);
            }
        }
        _lane.AddRange(laneSeen.OrderBy(e => e.Id));
        _slots.Sort((a, c) => a.Id.CompareTo(c.Id));
        for (var i = 0; i < _slots.Count; i++) _slotOf[_slots[i]] = i;
        _shared.Sort((a, c) => a.Id.CompareTo(c.Id));
        var scalars = 0;
        foreach (var s in _shared.Where(s => !s.IsSharedLeaf)) _names[s] = "s" + scalars++;
        for (var i = 0; i < _lane.Count; i++) _names[_lane[i]] = "t" + i;
        var literals = _lane.SelectMany(LaneOperands).Concat(_outputs).Where(e => e.IsConstant).Distinct().OrderBy(e => e.Id).ToList();
        for (var i = 0; i < literals.Count; i++) _names[literals[i]] = "n" + i;
    }

    /// <summary>How many per-step constants <c>PrepareStep</c> writes.</summary>
    public int ConstantCount => _slots.Count;

    /// <summary>How many lane operations one step costs (for the tile-count hint and the doc comment).</summary>
    public int LaneOperationCount => _lane.Count(e => e.Op is not (LaneOp.Coordinate or LaneOp.LaneNormal));

    /// <summary>Lane operations + per-step constants + scalar operations of <c>PrepareStep</c>: the size of the emitted step.</summary>
    public int Size => LaneOperationCount + ConstantCount + _shared.Count;

    /// <summary>Lane operations + per-step constants (broadcasts): the work per tile and step.</summary>
    public int LaneCost => LaneOperationCount + ConstantCount;

    private void Slot(LaneExpr e, HashSet<LaneExpr> sharedSeen)
    {
        if (!_slotSet.Add(e)) return;
        _slots.Add(e);
        var stack = new Stack<LaneExpr>([e]);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (s.IsConstant || !sharedSeen.Add(s)) continue;
            _shared.Add(s);
            foreach (var operand in s.Operands) stack.Push(operand);
        }
    }

    // a + (−c) prints as a − c, so the negation itself is not computed.
    private static IEnumerable<LaneExpr> LaneOperands(LaneExpr e)
    {
        if (e.Op == LaneOp.Add && e.B!.Op == LaneOp.Neg) return [e.A!, e.B.A!];
        if (e.Op == LaneOp.Add && e.A!.Op == LaneOp.Neg) return [e.B!, e.A.A!];
        return e.Operands;
    }

    /// <summary>The body of <c>PrepareStep</c> after the caller's declarations of the symbols (α, θ, …).</summary>
    public void WritePrepare(SourceWriter w)
    {
        foreach (var s in _shared)
            if (!s.IsSharedLeaf) w.WriteLine($"var {_names[s]} = {Scalar(s)};");
        foreach (var slot in _slots)
            w.WriteLine($"constants[{_slotOf[slot]}] = {SharedName(slot)};");
    }

    /// <summary>For a program without lane parts: writes <c>destination[i] = output i</c> in scalar code.</summary>
    public void WriteValues(SourceWriter w, string destination)
    {
        foreach (var s in _shared)
            if (!s.IsSharedLeaf) w.WriteLine($"var {_names[s]} = {Scalar(s)};");
        for (var i = 0; i < _outputs.Length; i++)
            w.WriteLine($"{destination}[{i}] = {SharedName(_outputs[i])};");
    }

    private string SharedName(LaneExpr e) => e.Op switch
    {
        LaneOp.Constant => Literals.Double(e.Value),
        LaneOp.Symbol => e.Symbol!,
        LaneOp.Data => $"θ[{e.Index}]", // the data span is named θ in every lane method
        _ => _names[e],
    };

    private string Scalar(LaneExpr e)
    {
        string A() => SharedName(e.A!);
        string B() => SharedName(e.B!);
        return e.Op switch
        {
            LaneOp.Add => $"{A()} + {B()}",
            LaneOp.Mul => $"{A()} * {B()}",
            LaneOp.Div => $"{A()} / {B()}",
            LaneOp.Neg => $"-{A()}",
            LaneOp.Fma => $"{Math}.FusedMultiplyAdd({A()}, {B()}, {SharedName(e.C!)})",
            LaneOp.Exp => $"{Math}.Exp({A()})",
            LaneOp.Log => $"{Math}.Log({A()})",
            LaneOp.Sqrt => $"{Math}.Sqrt({A()})",
            LaneOp.Sin => $"{Math}.Sin({A()})",
            LaneOp.Cos => $"{Math}.Cos({A()})",
            LaneOp.Tanh => $"{Math}.Tanh({A()})",
            LaneOp.Sigmoid => $"1.0 / (1.0 + {Math}.Exp(-{A()}))",
            LaneOp.Softplus => $"{Math}.Max({A()}, 0.0) + {Math}.Log(1.0 + {Math}.Exp(-{Math}.Abs({A()})))",
            LaneOp.Relu => $"{Math}.Max({A()}, 0.0)",
            LaneOp.Abs => $"{Math}.Abs({A()})",
            LaneOp.Step => $"({A()} > 0.0 ? 1.0 : 0.0)",
            LaneOp.Sign => $"({A()} > 0.0 ? 1.0 : {A()} < 0.0 ? -1.0 : 0.0)",
            LaneOp.PowConst => $"{Math}.Pow({A()}, {Literals.Double(e.Value)})",
            _ => throw new InvalidOperationException($"{e.Op} is not a shared operation"),
        };
    }

    /// <summary>The body of <c>Step&lt;TOps, TVec&gt;</c>: reads the tile <c>x</c>, writes it back.</summary>
    public void WriteStep(SourceWriter w)
    {
        // A constant read once is broadcast where it is read: hoisted into a local, the JIT kept it in a register and,
        // with the step inlined for two tiles, copied and spilled the shared broadcasts (BENCHMARKS.md, SGD d = 8).
        var reads = _lane.SelectMany(LaneOperands).Concat(_outputs).Where(_slotSet.Contains).GroupBy(e => _slotOf[e]);
        foreach (var slot in reads)
            if (slot.Count() == 1) _broadcastAtUse.Add(slot.Key);
        for (var i = 0; i < _slots.Count; i++)
            if (!_broadcastAtUse.Contains(i)) w.WriteLine($"var k{i} = TOps.Broadcast(constants[{i}]);");
        WriteLaneCode(w);
        for (var i = 0; i < _outputs.Length; i++) w.WriteLine($"x.X{i} = {LaneName(_outputs[i])};");
        _broadcastAtUse.Clear();
    }

    /// <summary>
    /// A whole method body without a constants array: the shared values in scalar code, then the lane code, then
    /// <c>targets[i] = output i</c> (a target "return" returns that output, last).
    /// </summary>
    public void WriteInline(SourceWriter w, IReadOnlyList<string> targets)
    {
        foreach (var s in _shared)
            if (!s.IsSharedLeaf) w.WriteLine($"var {_names[s]} = {Scalar(s)};");
        for (var i = 0; i < _slots.Count; i++) w.WriteLine($"var k{i} = TOps.Broadcast({SharedName(_slots[i])});");
        WriteLaneCode(w);
        string? returned = null;
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (targets[i] == "return") returned = LaneName(_outputs[i]);
            else w.WriteLine($"{targets[i]} = {LaneName(_outputs[i])};");
        }
        if (returned is not null) w.WriteLine($"return {returned};");
    }

    private void WriteLaneCode(SourceWriter w)
    {
        foreach (var literal in _lane.SelectMany(LaneOperands).Concat(_outputs).Where(e => e.IsConstant).Distinct().OrderBy(e => e.Id))
            w.WriteLine($"var {_names[literal]} = TOps.Broadcast({Literals.Double(literal.Value)});");
        foreach (var e in _lane) w.WriteLine($"var {_names[e]} = {Lane(e)};");
    }

    private string LaneName(LaneExpr e) => e.Varies || e.IsConstant ? _names[e]
        : _broadcastAtUse.Contains(_slotOf[e]) ? $"TOps.Broadcast(constants[{_slotOf[e]}])" : "k" + _slotOf[e];

    private string Lane(LaneExpr e)
    {
        string A() => LaneName(e.A!);
        string B() => LaneName(e.B!);
        string F(string name) => $"{Functions}.{name}<TOps, TVec>({A()})";
        return e.Op switch
        {
            LaneOp.Coordinate => $"x.X{e.Index}",
            LaneOp.LaneNormal => $"{_inputTile}.X{e.Index}",
            LaneOp.Add when e.B!.Op == LaneOp.Neg => $"TOps.Sub({A()}, {LaneName(e.B.A!)})",
            LaneOp.Add when e.A!.Op == LaneOp.Neg => $"TOps.Sub({B()}, {LaneName(e.A.A!)})",
            LaneOp.Add => $"TOps.Add({A()}, {B()})",
            LaneOp.Mul => $"TOps.Mul({A()}, {B()})",
            LaneOp.Div => $"TOps.Div({A()}, {B()})",
            LaneOp.Fma => $"TOps.Fma({A()}, {B()}, {LaneName(e.C!)})",
            LaneOp.Sqrt => $"TOps.Sqrt({A()})",
            LaneOp.Neg => F("Negate"),
            LaneOp.Exp => F("Exp"),
            LaneOp.Log => F("Log"),
            LaneOp.Sin => F("Sin"),
            LaneOp.Cos => F("Cos"),
            LaneOp.Tanh => F("Tanh"),
            LaneOp.Sigmoid => F("Sigmoid"),
            LaneOp.Softplus => F("Softplus"),
            LaneOp.Relu => F("Relu"),
            LaneOp.Abs => F("Abs"),
            LaneOp.Step => F("Step"),
            LaneOp.Sign => F("Sign"),
            LaneOp.PowConst => $"{Functions}.Pow<TOps, TVec>({A()}, {Literals.Double(e.Value)})",
            _ => throw new InvalidOperationException($"{e.Op} is not a lane operation"),
        };
    }
}
