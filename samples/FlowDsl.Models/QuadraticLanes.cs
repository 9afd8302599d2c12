using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// <see cref="Quadratic"/> (R(x,θ) = ½|x − θ|², θ ~ N(0, I₃), math.md §6.2) with its fused lane steps generated
/// (<c>LaneSteps = true</c>): the model the fused SGD, SMF and SME drivers are tested and benchmarked on.
/// </summary>
[FlowModel(LaneSteps = true)]
public partial class QuadraticLanes
{
    [Risk]
    public static double R([Dim(3)] Vec x, [Data, Dim(3)] Vec θ) => 0.5 * SquaredNorm(x - θ);

    [Law] public static Law P => Law.Normal(dimension: 3);
}
