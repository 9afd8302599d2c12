using System.Collections.Generic;
using System.Linq;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;
using static FlowDsl.Generators.Emit.LaneText;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// Writes the lane kernels of a small mean-field unit (d ≤ 16): Φ(θ,x), ∇ₓΦ and ∇²ₓΦ·v for a tile of particles (one unit
/// per lane) at one atom θ shared by all lanes, so the sums of math.md §4.5 run across particles in SIMD. The θ-only
/// parts are computed once per call in scalar code. Returns null when the unit is too large or has no lane form.
/// </summary>
internal static class FeatureLaneWriter
{
    private const int MaxData = 64;
    private const int NodeBudget = 20_000;
    private const int SizeBudget = 1_500;

    public static string? TryWrite(ModelSpec spec, Expr value, IReadOnlyList<Expr> gradientBlocks, IReadOnlyList<Expr> hvpBlocks, string attributes)
    {
        var (d, dataLength) = (spec.ParameterCount, spec.DataCount);
        if (spec.Form != ModelForm.MeanField || d is < 1 or > LaneKernelWriter.MaxDimension || dataLength > MaxData) return null;
        try
        {
            var b = new LaneBuilder(NodeBudget);
            // The direction v of ∇²Φ·v: a per-lane input tile.
            var scalarizer = LaneLayout.Scalarizer(b, spec, b.LaneNormal);
            var φ = scalarizer.Entries(value)[0];
            var gradient = gradientBlocks.SelectMany(scalarizer.Entries).ToArray();
            var hvp = hvpBlocks.SelectMany(scalarizer.Entries).ToArray();
            var valueProgram = new LaneProgramWriter([φ], "v");
            var gradientProgram = new LaneProgramWriter([.. gradient, φ], "v");
            var hvpProgram = new LaneProgramWriter(hvp, "v");
            if (valueProgram.Size + gradientProgram.Size + hvpProgram.Size > SizeBudget) return null;

            var w = new SourceWriter();
            const string Θ = "global::System.ReadOnlySpan<double> θ";
            w.WriteLine("/// <summary>");
            w.WriteLine($"/// Φ(θ,x), ∇ₓΦ and ∇²ₓΦ·v of <see cref=\"{spec.ClassName}\"/> on a tile of units (one per lane) at one θ shared by all lanes, generic over the");
            w.WriteLine($"/// SIMD width: {valueProgram.LaneOperationCount}, {gradientProgram.LaneOperationCount} and {hvpProgram.LaneOperationCount} lane operations. The mean-field sums use it across particles.");
            w.WriteLine("/// </summary>");
            w.WriteLines(attributes);
            using (w.Block("public readonly struct FeatureLanes : global::FlowDsl.Simd.ILaneFeature"))
            {
                WriteIdentity(w, spec.ClassName, d, dataLength);
                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                w.WriteLine(Inline);
                w.WriteLine($"public static TVec Value<TOps, TVec>(in {Tile} x, {Θ})");
                using (w.Block(Constraints))
                    valueProgram.WriteInline(w, ["return"]);
                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                w.WriteLine(Inline);
                w.WriteLine($"public static TVec Gradient<TOps, TVec>(in {Tile} x, {Θ}, ref {Tile} gradient)");
                using (w.Block(Constraints))
                    gradientProgram.WriteInline(w, [.. Enumerable.Range(0, d).Select(i => $"gradient.X{i}"), "return"]);
                w.WriteLine();
                w.WriteLine("/// <inheritdoc/>");
                w.WriteLine(Inline);
                w.WriteLine($"public static void HessianVectorProduct<TOps, TVec>(in {Tile} x, {Θ}, in {Tile} v, ref {Tile} result)");
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
