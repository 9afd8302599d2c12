using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>R(x,θ) = ½(x − θ)², θ ~ N(0, 1): the one-dimensional Ornstein–Uhlenbeck model (math.md §6.2, §6.4 additive).</summary>
[FlowModel]
public partial class OrnsteinUhlenbeck1D
{
    [Risk] public static double R(double x, [Data] double θ) => 0.5 * Square(x - θ);

    [Law] public static Law P => Law.Normal(dimension: 1);
}
