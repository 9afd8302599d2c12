using System.Collections.Generic;
using System.Linq;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;
using static FlowDsl.Generators.Emit.LaneText;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// Writes the node lanes of a small risk model (<see cref="ModelSpec.HasNodeLanes"/>): ∇ₓR(x,θ) and ∇²ₓR(x,θ)·v for a tile
/// of data nodes θ (one node per lane) at one point x shared by all lanes, so the sums over the nodes of a rule or the atoms
/// of an empirical law (∇R(x) = Σₙ wₙ∇ₓR(x,θₙ), math.md §0.1) run in SIMD. The x-only parts are computed once per call in
/// scalar code. Returns null when the model has no lane form or is too large.
/// </summary>
internal static class NodeLaneWriter
{
    private const int NodeBudget = 40_000;
    private const int SizeBudget = 4_000;

    public static string? TryWrite(ModelSpec spec, IReadOnlyList<Expr> gradientBlocks, IReadOnlyList<Expr> hvpBlocks, string attributes)
    {
        if (!spec.HasNodeLanes) return null;
        var (d, dataLength) = (spec.ParameterCount, spec.DataCount);
        try
        {
            var b = new LaneBuilder(NodeBudget);
            // The roles of the particle lanes swapped: x (and the direction v) are scalars shared by the tile, θ is per lane.
            var scalarizer = new Scalarizer(b, (e, i) => e.Op switch
            {
                Op.Parameter => b.Symbol($"x[{spec.Block(false, e.Index).Offset + i}]"),
                Op.Data => b.LaneNormal(spec.Block(true, e.Index).Offset + i),
                _ => b.Symbol($"v[{spec.Block(false, e.Index).Offset + i}]"),
            });
            var gradient = gradientBlocks.SelectMany(scalarizer.Entries).ToArray();
            var hvp = hvpBlocks.SelectMany(scalarizer.Entries).ToArray();
            var gradientProgram = new LaneProgramWriter(gradient, "θ");
            var hvpProgram = new LaneProgramWriter(hvp, "θ");
            if (gradientProgram.Size + hvpProgram.Size > SizeBudget) return null;

            var w = new SourceWriter();
            const string Span = "global::System.ReadOnlySpan<double>";
            w.WriteLine("/// <summary>");
            w.WriteLine($"/// ∇ₓR(x,θ) and ∇²ₓR(x,θ)·v of <see cref=\"{spec.ClassName}\"/> on a tile of data nodes θ (one per lane) at one x shared by all lanes,");
            w.WriteLine($"/// generic over the SIMD width: {gradientProgram.LaneOperationCount} and {hvpProgram.LaneOperationCount} lane operations. The mean quantities sum them over the nodes of a rule.");
            w.WriteLine("/// </summary>");
            w.WriteLines(attributes);
            using (w.Block("public readonly struct NodeLanes : global::FlowDsl.Simd.ILaneNodes"))
            {
                WriteIdentity(w, spec.ClassName, d, dataLength);
                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                w.WriteLine(Inline);
                w.WriteLine($"public static void Gradient<TOps, TVec>({Span} x, in {Tile} θ, ref {Tile} gradient)");
                using (w.Block(Constraints))
                    gradientProgram.WriteInline(w, Enumerable.Range(0, d).Select(i => $"gradient.X{i}").ToList());
                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                w.WriteLine(Inline);
                w.WriteLine($"public static void HessianVectorProduct<TOps, TVec>({Span} x, {Span} v, in {Tile} θ, ref {Tile} result)");
                using (w.Block(Constraints))
                    hvpProgram.WriteInline(w, Enumerable.Range(0, d).Select(i => $"result.X{i}").ToList());
            }
            return w.ToString();
        }
        catch (System.Exception failure) when (failure is LaneBudgetException or System.InsufficientExecutionStackException)
        {
            return null;
        }
    }
}
