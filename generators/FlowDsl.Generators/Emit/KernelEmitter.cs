using System;
using System.Collections.Generic;
using System.Linq;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Scheduling;

namespace FlowDsl.Generators.Emit;

/// <summary>How a kernel's leaves and outputs map to the generated method's spans.</summary>
/// <param name="DirectionSpan">The span holding the direction (v over parameters, u over data), or null.</param>
/// <param name="DirectionsAreData">Direction block i is laid out like data block i (u) rather than parameter block i (v).</param>
/// <param name="Destination">The span the block outputs are written to, or null.</param>
/// <param name="Accumulate">The block outputs are added to the destination (destination += output) instead of written.</param>
internal sealed record KernelBinding(string? DirectionSpan, bool DirectionsAreData, string? Destination, bool Accumulate = false);

/// <summary>
/// Prints one let-list as the body of a generated method: one statement (or one loop) per entry, scalars as
/// <c>double</c> locals, vectors and matrices as spans over a scratch buffer (stackalloc when small, pooled when large),
/// written straight into the destination when an entry is only an output.
/// </summary>
internal sealed class KernelEmitter
{
    /// <summary>Scratch up to this many doubles lives on the stack; more is rented from the shared pool.</summary>
    public const int StackallocLimit = 512;
    private const int CommentBudget = 72;

    private const string Span = "global::System.Span<double>";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<double>";
    private const string Math = "global::System.Math";
    private const string Tensor = "global::System.Numerics.Tensors.TensorPrimitives";
    // Dot and Sum in one order at every SIMD width (TensorPrimitives groups by the hardware's vector width).
    private const string Reductions = "global::FlowDsl.Simd.FixedOrderReductions";

    private static readonly string[] Reserved = ["x", "θ", "v", "u", "gradient", "result", "scratch", "rented", "i", "j", "u_i", "max", "sum", "value"];

    private readonly SourceWriter _w;
    private readonly ModelSpec _spec;
    private readonly LetList _p;
    private readonly KernelBinding _binding;
    private readonly string[] _names;
    private readonly string?[] _directDestination;

    private KernelEmitter(SourceWriter writer, ModelSpec spec, LetList program, KernelBinding binding)
    {
        _w = writer;
        _spec = spec;
        _p = program;
        _binding = binding;
        _names = new string[program.Entries.Count];
        _directDestination = new string?[program.Entries.Count];
    }

    public static void Emit(SourceWriter writer, ModelSpec spec, LetList program, KernelBinding binding) =>
        new KernelEmitter(writer, spec, program, binding).Emit();

    private IReadOnlyList<LetEntry> E => _p.Entries;

    private void Emit()
    {
        AssignNames();
        var blockOutputs = _p.Outputs.Where(o => o.Name != Derivation.KernelNames.Value).ToList();
        var parameterBlocks = _spec.Parameters.ToList();
        foreach (var o in blockOutputs)
        {
            var e = E[o.Slot];
            // Accumulating, only outer products go straight to the destination (one multiply-add per entry, the same
            // roundings as writing then adding); the other outputs are computed, then added.
            if (!e.IsLeaf && e.Op != Op.Broadcast && !e.Shape.IsScalar && e.Uses == 1 && (!_binding.Accumulate || e.Op == Op.Outer))
                _directDestination[o.Slot] = DestinationSlice(parameterBlocks[BlockOf(o.Name)]);
        }

        foreach (var e in E.Where(e => e.Op is Op.Parameter or Op.Data or Op.Direction)) WriteLeaf(e);

        // Summed in 64 bits: several entries of a huge model ([Dim(1 << 30)]) would wrap an int to a negative stackalloc.
        long scratch = 0;
        var scratchOffset = new long[E.Count];
        foreach (var e in E)
        {
            if (!NeedsScratch(e)) continue;
            scratchOffset[e.Slot] = scratch;
            scratch += e.Shape.Length;
        }
        if (scratch > Shape.MaxLength) throw new ScratchTooLargeException(scratch);

        if (scratch == 0)
        {
            WriteBody(scratchOffset, blockOutputs, parameterBlocks);
        }
        else if (scratch <= StackallocLimit)
        {
            _w.WriteLine($"{Span} scratch = stackalloc double[{scratch}];");
            WriteBody(scratchOffset, blockOutputs, parameterBlocks);
        }
        else
        {
            _w.WriteLine($"double[] rented = global::System.Buffers.ArrayPool<double>.Shared.Rent({scratch});");
            using (_w.Block("try"))
            {
                _w.WriteLine($"{Span} scratch = new {Span}(rented, 0, {scratch});");
                WriteBody(scratchOffset, blockOutputs, parameterBlocks);
            }
            using (_w.Block("finally"))
                _w.WriteLine("global::System.Buffers.ArrayPool<double>.Shared.Return(rented);");
        }
    }

    private void WriteBody(long[] scratchOffset, List<LetOutput> blockOutputs, List<ArgumentSpec> parameterBlocks)
    {
        foreach (var e in E)
        {
            if (e.IsLeaf || e.Op == Op.Broadcast) continue;
            if (!e.Shape.IsScalar)
            {
                var storage = _directDestination[e.Slot] ?? $"scratch.Slice({scratchOffset[e.Slot]}, {e.Shape.Length})";
                _w.WriteLine($"{Span} {_names[e.Slot]} = {storage};{Comment(e)}");
            }
            WriteEntry(e);
        }

        foreach (var o in blockOutputs)
        {
            if (_directDestination[o.Slot] is not null) continue;
            var e = E[o.Slot];
            var block = parameterBlocks[BlockOf(o.Name)];
            if (_binding.Accumulate)
                WriteAccumulate(o.Slot, block);
            else if (e.Shape.IsScalar)
                _w.WriteLine($"{_binding.Destination}[{block.Offset}] = {Scalar(o.Slot)};");
            else if (HasSpan(o.Slot))
                _w.WriteLine($"{_names[o.Slot]}.CopyTo({DestinationSlice(block)});");
            else
                _w.WriteLine($"{DestinationSlice(block)}.Fill({Element(o.Slot, "0")});");
        }

        var value = _p.Outputs.Where(o => o.Name == Derivation.KernelNames.Value).Select(o => (int?)o.Slot).FirstOrDefault();
        if (value is { } v) _w.WriteLine($"return {Scalar(v)};");
    }

    /// <summary>destination += output for one block (an entrywise add: the same bits as writing it, then adding).</summary>
    private void WriteAccumulate(int slot, ArgumentSpec block)
    {
        var destination = _binding.Destination;
        if (E[slot].Shape.IsScalar)
            _w.WriteLine($"{destination}[{block.Offset}] += {Scalar(slot)};");
        else if (HasSpan(slot))
            _w.WriteLine($"{Tensor}.Add<double>({DestinationSlice(block)}, {_names[slot]}, {DestinationSlice(block)});");
        else
            _w.WriteLine($"for (int i = 0; i < {Int(block.Length)}; i++) {destination}[{block.Offset} + i] += {Element(slot, "0")};");
    }

    private string DestinationSlice(ArgumentSpec block) =>
        block.Kind == ArgumentKind.Scalar ? $"{_binding.Destination}.Slice({block.Offset}, 1)" : $"{_binding.Destination}.Slice({block.Offset}, {block.Length})";

    private static int BlockOf(string outputName) => int.Parse(outputName.Substring(outputName.IndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private bool NeedsScratch(LetEntry e) => !e.IsLeaf && e.Op != Op.Broadcast && !e.Shape.IsScalar && _directDestination[e.Slot] is null;

    /// <summary>Vectors and matrices that exist as a span (leaves and computed entries, not constants or broadcasts).</summary>
    private bool HasSpan(int slot) => !E[slot].Shape.IsScalar && E[slot].Op is not (Op.Constant or Op.Broadcast);

    // ---- names -------------------------------------------------------------------------------

    private void AssignNames()
    {
        var taken = new HashSet<string>(Reserved, StringComparer.Ordinal);
        string Unique(string preferred)
        {
            var name = preferred;
            while (!taken.Add(name)) name += "_";
            return name;
        }
        foreach (var e in E.Where(e => e.Op is Op.Parameter or Op.Data))
            _names[e.Slot] = Unique(e.Name ?? "p" + e.Slot);
        foreach (var e in E.Where(e => e.Op == Op.Direction))
            _names[e.Slot] = Unique((_binding.DirectionsAreData ? "u_" : "v_") + Block(e).Name);
        foreach (var e in E.Where(e => !(e.Op is Op.Parameter or Op.Data or Op.Direction)))
            _names[e.Slot] = Unique("t" + e.Slot);
    }

    private ArgumentSpec Block(LetEntry leaf)
    {
        var data = leaf.Op == Op.Data || (leaf.Op == Op.Direction && _binding.DirectionsAreData);
        return _spec.Block(data, leaf.Index);
    }

    private void WriteLeaf(LetEntry e)
    {
        var block = Block(e);
        var span = e.Op switch
        {
            Op.Parameter => "x",
            Op.Data => "θ",
            _ => _binding.DirectionSpan ?? throw new InvalidOperationException("a direction leaf in a kernel without a direction span"),
        };
        _w.WriteLine(e.Shape.IsScalar
            ? $"double {_names[e.Slot]} = {span}[{block.Offset}];"
            : $"{ReadOnlySpan} {_names[e.Slot]} = {span}.Slice({block.Offset}, {block.Length});");
    }

    // ---- operands ----------------------------------------------------------------------------

    /// <summary>A scalar operand: a literal or a local.</summary>
    private string Scalar(int slot) => E[slot].Op == Op.Constant ? Literals.Double(E[slot].Value) : _names[slot];

    /// <summary>Entry <paramref name="index"/> of an operand (scalars and broadcasts are the same at every index).</summary>
    private string Element(int slot, string index)
    {
        var e = E[slot];
        if (e.Op == Op.Constant) return Literals.Double(e.Value);
        if (e.Op == Op.Broadcast) return Scalar(e.A);
        if (e.Shape.IsScalar) return _names[slot];
        return $"{_names[slot]}[{index}]";
    }

    private static string Int(int value) => Literals.Int(value);

    // ---- entries -----------------------------------------------------------------------------

    private void WriteEntry(LetEntry e)
    {
        var n = _names[e.Slot];
        var len = e.Shape.Length;
        switch (e.Op)
        {
            case Op.Sum:
                _w.WriteLine(HasSpan(e.A)
                    ? $"double {n} = {Reductions}.Sum({_names[e.A]});{Comment(e)}"
                    : $"double {n} = {Int(E[e.A].Shape.Length)} * {Element(e.A, "0")};{Comment(e)}");
                return;
            case Op.Dot:
                if (HasSpan(e.A) && HasSpan(e.B))
                {
                    _w.WriteLine($"double {n} = {Reductions}.Dot({_names[e.A]}, {_names[e.B]});{Comment(e)}");
                }
                else
                {
                    _w.WriteLine($"double {n} = 0d;{Comment(e)}");
                    _w.WriteLine($"for (int i = 0; i < {Int(E[e.A].Shape.Length)}; i++) {n} += {Element(e.A, "i")} * {Element(e.B, "i")};");
                }
                return;
            case Op.Index:
                _w.WriteLine($"double {n} = {Element(e.A, Int(e.Index))};{Comment(e)}");
                return;
            case Op.LogSumExp:
                WriteLogSumExp(e, n);
                return;
            case Op.Softmax:
                WriteSoftmax(e, n);
                return;
            case Op.MatVec:
                WriteMatVec(e, n);
                return;
            case Op.MatTVec:
            {
                var (rows, cols) = (E[e.A].Shape.Rows, E[e.A].Shape.Cols);
                _w.WriteLine($"{n}.Clear();");
                using (_w.Block($"for (int i = 0; i < {Int(rows)}; i++)"))
                {
                    _w.WriteLine($"double u_i = {Element(e.B, "i")};");
                    // Row-wise vectorised accumulate n += Mᵢ·uᵢ: the same products and sums as the scalar loop.
                    if (HasSpan(e.A))
                        _w.WriteLine($"{Tensor}.MultiplyAdd<double>({_names[e.A]}.Slice(i * {Int(cols)}, {Int(cols)}), u_i, {n}, {n});");
                    else
                        _w.WriteLine($"for (int j = 0; j < {Int(cols)}; j++) {n}[j] += {Element(e.A, $"i * {Int(cols)} + j")} * u_i;");
                }
                return;
            }
            case Op.Outer:
            {
                var (rows, cols) = (e.Shape.Rows, e.Shape.Cols);
                var add = _binding.Accumulate && _directDestination[e.Slot] is not null;
                using (_w.Block($"for (int i = 0; i < {Int(rows)}; i++)"))
                {
                    _w.WriteLine($"double u_i = {Element(e.A, "i")};");
                    // Row i of u vᵀ is uᵢ·v: one vectorised call per row (the MNIST ∇W1 = δ₁θᵀ is 12,544 of 13,002 outputs).
                    // Accumulating, MultiplyAdd rounds the product, then the sum (not fused): the bits of Multiply, then Add.
                    var row = $"{n}.Slice(i * {Int(cols)}, {Int(cols)})";
                    if (HasSpan(e.B))
                        _w.WriteLine(add
                            ? $"{Tensor}.MultiplyAdd<double>({_names[e.B]}, u_i, {row}, {row});"
                            : $"{Tensor}.Multiply<double>({_names[e.B]}, u_i, {row});");
                    else
                        _w.WriteLine($"for (int j = 0; j < {Int(cols)}; j++) {n}[i * {Int(cols)} + j] {(add ? "+=" : "=")} u_i * {Element(e.B, "j")};");
                }
                return;
            }
            case Op.Transpose:
            {
                var (rows, cols) = (E[e.A].Shape.Rows, E[e.A].Shape.Cols);
                _w.WriteLine($"for (int i = 0; i < {Int(rows)}; i++)");
                _w.WriteLine($"    for (int j = 0; j < {Int(cols)}; j++) {n}[j * {Int(rows)} + i] = {Element(e.A, $"i * {Int(cols)} + j")};");
                return;
            }
            case Op.Scatter:
                _w.WriteLine($"{n}.Clear();");
                _w.WriteLine($"{n}[{Int(e.Index)}] = {Scalar(e.A)};");
                return;
        }

        // Entrywise operations (scalar operands broadcast).
        if (e.Shape.IsScalar)
        {
            _w.WriteLine($"double {n} = {Entrywise(e, "0")};{Comment(e)}");
        }
        else
        {
            _w.WriteLine($"for (int i = 0; i < {Int(len)}; i++) {n}[i] = {Entrywise(e, "i")};");
        }
    }

    private string Entrywise(LetEntry e, string i)
    {
        var a = Element(e.A, i);
        var b = e.B >= 0 ? Element(e.B, i) : "";
        return e.Op switch
        {
            Op.Add => $"{a} + {b}",
            Op.Sub => $"{a} - {b}",
            Op.Mul => $"{a} * {b}",
            Op.Div => $"{a} / {b}",
            Op.Neg => $"-{a}",
            Op.Exp => $"{Math}.Exp({a})",
            Op.Log => $"{Math}.Log({a})",
            Op.Sqrt => $"{Math}.Sqrt({a})",
            Op.Sin => $"{Math}.Sin({a})",
            Op.Cos => $"{Math}.Cos({a})",
            Op.Tanh => $"{Math}.Tanh({a})",
            Op.Abs => $"{Math}.Abs({a})",
            Op.Sigmoid => $"global::FlowDsl.Ops.Sigmoid({a})",
            Op.Softplus => $"global::FlowDsl.Ops.Softplus({a})",
            Op.Relu => $"global::FlowDsl.Ops.Relu({a})",
            Op.Square => $"{a} * {a}",
            Op.PowConst => $"{Math}.Pow({a}, {Literals.Double(e.Value)})",
            Op.Step => $"({a} > 0d ? 1d : 0d)",
            Op.Sign => $"({a} > 0d ? 1d : {a} < 0d ? -1d : 0d)",
            _ => throw new InvalidOperationException($"{e.Op} is not an entrywise operation"),
        };
    }

    private void WriteMatVec(LetEntry e, string n)
    {
        var (rows, cols) = (E[e.A].Shape.Rows, E[e.A].Shape.Cols);
        if (HasSpan(e.A) && HasSpan(e.B))
        {
            _w.WriteLine($"for (int i = 0; i < {Int(rows)}; i++) {n}[i] = {Reductions}.Dot({_names[e.A]}.Slice(i * {Int(cols)}, {Int(cols)}), {_names[e.B]});");
            return;
        }
        using (_w.Block($"for (int i = 0; i < {Int(rows)}; i++)"))
        {
            _w.WriteLine("double sum = 0d;");
            _w.WriteLine($"for (int j = 0; j < {Int(cols)}; j++) sum += {Element(e.A, $"i * {Int(cols)} + j")} * {Element(e.B, "j")};");
            _w.WriteLine($"{n}[i] = sum;");
        }
    }

    // log Σ e^{aᵢ}, shifted by the maximum so it cannot overflow.
    private void WriteLogSumExp(LetEntry e, string n)
    {
        var len = Int(E[e.A].Shape.Length);
        _w.WriteLine($"double {n};{Comment(e)}");
        using (_w.Block(""))
        {
            _w.WriteLine("double max = double.NegativeInfinity;");
            _w.WriteLine($"for (int i = 0; i < {len}; i++) max = {Math}.Max(max, {Element(e.A, "i")});");
            _w.WriteLine("double sum = 0d;");
            _w.WriteLine($"for (int i = 0; i < {len}; i++) sum += {Math}.Exp({Element(e.A, "i")} - max);");
            _w.WriteLine($"{n} = max + {Math}.Log(sum);");
        }
    }

    // e^{aᵢ − max} / Σⱼ e^{aⱼ − max}.
    private void WriteSoftmax(LetEntry e, string n)
    {
        var len = Int(e.Shape.Length);
        using (_w.Block(""))
        {
            _w.WriteLine("double max = double.NegativeInfinity;");
            _w.WriteLine($"for (int i = 0; i < {len}; i++) max = {Math}.Max(max, {Element(e.A, "i")});");
            _w.WriteLine("double sum = 0d;");
            using (_w.Block($"for (int i = 0; i < {len}; i++)"))
            {
                _w.WriteLine($"{n}[i] = {Math}.Exp({Element(e.A, "i")} - max);");
                _w.WriteLine($"sum += {n}[i];");
            }
            _w.WriteLine($"for (int i = 0; i < {len}; i++) {n}[i] /= sum;");
        }
    }

    private string Comment(LetEntry e)
    {
        var formula = FormulaPrinter.Print(_p, e.Slot, CommentBudget, DirectionNames());
        return formula.EndsWith("…", StringComparison.Ordinal) ? "" : " // " + formula;
    }

    private Dictionary<int, string>? _directionNames;

    private Dictionary<int, string> DirectionNames()
    {
        if (_directionNames is not null) return _directionNames;
        _directionNames = new Dictionary<int, string>();
        foreach (var e in E.Where(e => e.Op == Op.Direction))
            _directionNames[e.Index] = _names[e.Slot];
        return _directionNames;
    }
}

/// <summary>A kernel whose temporaries together need more doubles than one array can hold; reported as FDSL0006.</summary>
internal sealed class ScratchTooLargeException(long size) : Exception($"needs {size:N0} doubles of scratch")
{
    public long Size { get; } = size;
}
