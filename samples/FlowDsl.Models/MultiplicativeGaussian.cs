namespace FlowDsl.Models;

/// <summary>
/// R(x,θ) = ½(1+θ)x², θ ~ N(0, 1) (math.md §6.3, Gaussian case): G = −θx is affine in a Gaussian θ, so SGD and the SMF
/// can be driven by one Brownian path (§7.3.1), while Σ^{1/2} = |x| stays non-smooth.
/// </summary>
[FlowModel]
public partial class MultiplicativeGaussian
{
    [Risk] public static double R(double x, [Data] double θ) => 0.5 * (1 + θ) * x * x;

    [Law] public static Law P => Law.Normal(dimension: 1);
}
