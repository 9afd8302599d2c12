using FlowDsl;
using FlowDsl.Study;
using static FlowDsl.Ops;

// E sin(x_N) under SGD against E sin(X_T) under SME-1, SME-2 and the SMF, for α = 1/4, 1/8, 1/16.
var result = WeakErrorStudy.For<Pendulum>()
    .StartingPoints([1.0])
    .Observable("sin x", x => Math.Sin(x[0]))
    .Ladder(horizon: 1, 4, 8, 16)
    .Paths(4000)
    .Run();
Console.WriteLine(result);

// The generated kernels are plain static methods over flat spans.
Span<double> gradient = stackalloc double[1];
var risk = Pendulum.Gradient([1.0], [0.5], gradient);
Console.WriteLine($"R = {risk:F6}, ∇R = {gradient[0]:F6}");

/// <summary>R(x,θ) = 1 − cos(x − θ) with θ = ±½ (math.md §6.8): Σ^{1/2} = sin ½·|cos x| has kinks; the SMF noise is smooth.</summary>
[FlowModel]
public partial class Pendulum
{
    [Risk] public static double R(double x, [Data] double θ) => 1 - Cos(x - θ);

    [Law] public static Law P => Law.Rademacher(scale: 0.5);
}
