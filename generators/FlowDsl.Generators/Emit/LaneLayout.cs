using System;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;

namespace FlowDsl.Generators.Emit;

/// <summary>How a model's IR leaves become lane scalars, through the model's one layout mapping (<see cref="ModelSpec.Block"/>).</summary>
internal static class LaneLayout
{
    /// <summary>
    /// Parameter entries as lane coordinates x[j], data entries as θ[j], and direction entries (over the parameters)
    /// from <paramref name="direction"/>, each given its flat index j.
    /// </summary>
    public static Scalarizer Scalarizer(LaneBuilder b, ModelSpec spec, Func<int, LaneExpr> direction) =>
        new(b, (e, i) => e.Op switch
        {
            Op.Parameter => b.Coordinate(spec.Block(false, e.Index).Offset + i),
            Op.Data => b.Data(spec.Block(true, e.Index).Offset + i),
            _ => direction(spec.Block(false, e.Index).Offset + i),
        });
}
