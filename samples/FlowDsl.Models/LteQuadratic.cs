using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>
/// The Li–Tai–E quadratic example (math.md §6.6): R(x,γ) = ½(x − γ)ᵀH(x − γ) − ½ tr H with H = diag(1, 2), γ ~ N(0, I₂);
/// R(x) = ½xᵀHx, G = −Hγ, Σ = H².
/// </summary>
[FlowModel]
public partial class LteQuadratic
{
    [Risk] public static double R([Dim(2)] Vec x, [Data, Dim(2)] Vec γ) => 0.5 * (Square(x[0] - γ[0]) + 2 * Square(x[1] - γ[1])) - 1.5;

    [Law] public static Law P => Law.Normal(dimension: 2);
}
