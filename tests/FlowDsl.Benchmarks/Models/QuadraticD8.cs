using static FlowDsl.Ops;

namespace FlowDsl.Benchmarks.Models;

/// <summary>R(x,θ) = ½|x − θ|², d = 8, θ ~ N(0, I₈): the SGD d=8 workload (the generator emits its span kernels).</summary>
[FlowModel(LaneSteps = true)]
public partial class QuadraticD8
{
    [Risk]
    public static double R([Dim(8)] Vec x, [Data, Dim(8)] Vec θ) => 0.5 * SquaredNorm(x - θ);

    [Law] public static Law P => Law.Normal(dimension: 8);
}
