using static FlowDsl.Ops;

namespace FlowDsl.Benchmarks.Models;

/// <summary>R(x,θ) = ½|x − θ|², d = 2, θ ~ N(0, I₂): the SGD d=2 workload (the generator emits its span kernels).</summary>
[FlowModel(LaneSteps = true)]
public partial class QuadraticD2
{
    [Risk]
    public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec θ) => 0.5 * SquaredNorm(x - θ);

    [Law] public static Law P => Law.Normal(dimension: 2);
}
