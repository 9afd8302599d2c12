using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>Mean-field network: Φ(θ,(a,w,b)) = a·tanh(w·θ + b), teacher target f(θ) (math.md §4.1).</summary>
[MeanFieldModel]
public partial class TeacherStudent
{
    public const int D = 8;

    [FeatureMap]
    public static double Phi([Data, Dim(D)] Vec θ, double a, [Dim(D)] Vec w, double b) => a * Tanh(Dot(w, θ) + b);

    [Target] public static double F([Data, Dim(D)] Vec θ) => Tanh(θ[0]) - 0.5 * Tanh(θ[1]);

    [Law] public static Law P => Law.Normal(dimension: D);
}
