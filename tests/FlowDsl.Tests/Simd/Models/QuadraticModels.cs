using static FlowDsl.Ops;

namespace FlowDsl.Tests.Simd.Models;

/// <summary>R(x,θ) = ½|x − θ|², d = 2: the workload of the hand-tuned SGD kernel, here through the generator.</summary>
[FlowModel(LaneSteps = true)]
public partial class QuadraticD2
{
    [Risk] public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec θ) => 0.5 * SquaredNorm(x - θ);
}

/// <summary>R(x,θ) = ½|x − θ|², d = 8.</summary>
[FlowModel(LaneSteps = true)]
public partial class QuadraticD8
{
    [Risk] public static double R([Dim(8)] Vec x, [Data, Dim(8)] Vec θ) => 0.5 * SquaredNorm(x - θ);
}
