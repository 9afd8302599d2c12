namespace FlowDsl.Models;

/// <summary>R(x,θ) = ½(1+θ)x², θ = ±1: Σ(x) = x², so Σ^{1/2} = |x| is not smooth (math.md §6.3).</summary>
[FlowModel(LaneSteps = true)]
public partial class Multiplicative
{
    [Risk] public static double R(double x, [Data] double θ) => 0.5 * (1 + θ) * x * x;
    [Law] public static Law P => Law.Rademacher();
}
