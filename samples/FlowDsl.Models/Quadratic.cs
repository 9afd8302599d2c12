using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>R(x,θ) = ½|x − θ|², θ ~ N(0, I₃): the Ornstein–Uhlenbeck model (math.md §6.2).</summary>
[FlowModel]
public partial class Quadratic
{
    [Risk]
    public static double R([Dim(3)] Vec x, [Data, Dim(3)] Vec θ) => 0.5 * SquaredNorm(x - θ);

    [Law] public static Law P => Law.Normal(dimension: 3);
}
