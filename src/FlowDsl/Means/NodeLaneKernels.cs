using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl;

/// <summary>
/// The per-node gradients gₙ = ∇ₓR(x,θₙ) and Hessian-vector products ∇²ₓR(x,θₙ)·v of every node of a rule at once,
/// through the model's generated node lanes (<see cref="ILaneNodes"/>), into structure-of-arrays buffers: coordinate i of
/// node n at [i·<see cref="Stride"/> + n]. Each node's value has the same bits at every SIMD width; the weighted sums over
/// the nodes are left to <see cref="FixedOrderReductions"/>, whose order does not depend on the width either.
/// </summary>
internal interface INodeLaneKernels
{
    /// <summary>The number of nodes, N.</summary>
    int Count { get; }

    /// <summary>N rounded up to a multiple of 8 (the widest tile): the row length of the buffers (padding nodes repeat node 0).</summary>
    int Stride { get; }

    /// <summary>gₙ for every node (d rows of <see cref="Stride"/>).</summary>
    void Gradients(ReadOnlySpan<double> x, Span<double> gradients);

    /// <summary>∇²ₓR(x,θₙ)·v for every node (d rows of <see cref="Stride"/>).</summary>
    void HessianVectorProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result);
}

/// <summary>Chooses a model's node lanes once, by reflection (<see cref="ILaneNodeModel{TLanes}"/>), at a given width.</summary>
internal static class NodeLaneKernels
{
    /// <summary>The node lanes of <typeparamref name="TModel"/> over the nodes of <paramref name="rule"/>, or null when the model has none.</summary>
    /// <exception cref="PlatformNotSupportedException">The width is not accelerated on this machine.</exception>
    public static INodeLaneKernels? Create<TModel>(Quadrature rule, SimdWidth width = SimdWidth.Auto) where TModel : IRiskModel
    {
        var lanes = typeof(TModel).GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILaneNodeModel<>))
            ?.GetGenericArguments()[0];
        if (lanes is null) return null;
        var dimension = (int)lanes.GetProperty(nameof(ILaneNodes.Dimension))!.GetValue(null)!;
        var dataLength = (int)lanes.GetProperty(nameof(ILaneNodes.DataLength))!.GetValue(null)!;
        if (dimension != TModel.Layout.ParameterCount || dataLength != TModel.Layout.DataCount)
            throw new InvalidOperationException(
                $"{TModel.Name}: its node lanes {lanes.Name} have d = {dimension} and θ of length {dataLength}; the model has d = {TModel.Layout.ParameterCount} and θ of length {TModel.Layout.DataCount}.");
        var (ops, vector) = SimdWidths.Resolve(width) switch
        {
            SimdWidth.Scalar => (typeof(ScalarOps), typeof(double)),
            SimdWidth.Vector256 => (typeof(V256Ops), typeof(Vector256<double>)),
            _ => (typeof(V512Ops), typeof(Vector512<double>)),
        };
        return (INodeLaneKernels)Activator.CreateInstance(typeof(NodeLaneKernels<,,>).MakeGenericType(lanes, ops, vector), rule)!;
    }
}

/// <summary>The node lanes <typeparamref name="TLanes"/> at the width of <typeparamref name="TOps"/>.</summary>
internal sealed class NodeLaneKernels<TLanes, TOps, TVec> : INodeLaneKernels
    where TLanes : ILaneNodes where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly double[] _data; // θ by coordinate: entry j of node n at [j·Stride + n]

    public NodeLaneKernels(Quadrature rule)
    {
        Count = rule.Count;
        Stride = (Count + 7) / 8 * 8;
        var length = TLanes.DataLength;
        _data = new double[length * Stride];
        for (var n = 0; n < Stride; n++)
        {
            var node = rule.Nodes[n < Count ? n : 0];
            for (var j = 0; j < length; j++) _data[j * Stride + n] = node[j];
        }
    }

    public int Count { get; }
    public int Stride { get; }

    public void Gradients(ReadOnlySpan<double> x, Span<double> gradients)
    {
        Check(x, gradients);
        LaneTile<TVec> θ = default, g = default, θ2 = default, g2 = default;
        ref var data = ref _data[0];
        ref var output = ref gradients[0];
        var n = 0;
        // Two independent tiles per iteration: the lane functions' latency chains overlap.
        for (; n + 2 * TOps.Count <= Stride; n += 2 * TOps.Count)
        {
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ, ref Unsafe.Add(ref data, n), Stride);
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ2, ref Unsafe.Add(ref data, n + TOps.Count), Stride);
            TLanes.Gradient<TOps, TVec>(x, θ, ref g);
            TLanes.Gradient<TOps, TVec>(x, θ2, ref g2);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, g, ref Unsafe.Add(ref output, n), Stride);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, g2, ref Unsafe.Add(ref output, n + TOps.Count), Stride);
        }
        for (; n < Stride; n += TOps.Count)
        {
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ, ref Unsafe.Add(ref data, n), Stride);
            TLanes.Gradient<TOps, TVec>(x, θ, ref g);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, g, ref Unsafe.Add(ref output, n), Stride);
        }
    }

    public void HessianVectorProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        Check(x, result);
        if (v.Length < TLanes.Dimension) throw new ArgumentException($"v has length {v.Length}; {TLanes.Name} has d = {TLanes.Dimension}.", nameof(v));
        LaneTile<TVec> θ = default, hv = default, θ2 = default, hv2 = default;
        ref var data = ref _data[0];
        ref var output = ref result[0];
        var n = 0;
        for (; n + 2 * TOps.Count <= Stride; n += 2 * TOps.Count)
        {
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ, ref Unsafe.Add(ref data, n), Stride);
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ2, ref Unsafe.Add(ref data, n + TOps.Count), Stride);
            TLanes.HessianVectorProduct<TOps, TVec>(x, v, θ, ref hv);
            TLanes.HessianVectorProduct<TOps, TVec>(x, v, θ2, ref hv2);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, hv, ref Unsafe.Add(ref output, n), Stride);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, hv2, ref Unsafe.Add(ref output, n + TOps.Count), Stride);
        }
        for (; n < Stride; n += TOps.Count)
        {
            LaneTileArithmetic.Load<TOps, TVec>(TLanes.DataLength, ref θ, ref Unsafe.Add(ref data, n), Stride);
            TLanes.HessianVectorProduct<TOps, TVec>(x, v, θ, ref hv);
            LaneTileArithmetic.Store<TOps, TVec>(TLanes.Dimension, hv, ref Unsafe.Add(ref output, n), Stride);
        }
    }

    // The stores below write through refs, so the lengths are checked once here.
    private void Check(ReadOnlySpan<double> x, Span<double> output)
    {
        if (x.Length < TLanes.Dimension) throw new ArgumentException($"x has length {x.Length}; {TLanes.Name} has d = {TLanes.Dimension}.", nameof(x));
        if (output.Length < TLanes.Dimension * Stride)
            throw new ArgumentException($"The node buffer has {output.Length} entries; {TLanes.Dimension} rows of {Stride} are needed.", nameof(output));
    }
}
