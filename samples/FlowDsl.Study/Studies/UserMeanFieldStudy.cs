using FlowDsl.MeanField;
using FlowDsl.Models;

namespace FlowDsl.Study.App;

/// <summary>
/// Study (iii) of the user-model set: a Softplus mean-field unit with a 4-atom law (<see cref="SoftplusUnit"/>), n = 4
/// particles, a linear and a nonlinear measure observable. 4¹⁶ SGD sequences exceed exact enumeration, so particle SGD
/// is coupled Monte Carlo and the path budget is adaptive (<see cref="MeanFieldOrderStudy{TModel}"/>); everything else
/// is the study's defaults.
/// </summary>
public static class UserMeanFieldStudy
{
    /// <summary>The study; <c>--paths</c> sets its pilot batch.</summary>
    public static BuiltInStudy Study { get; } = new("user-mean-field", "Mean-field Softplus unit, n = 4, N = 4 atoms",
        "Φ = Softplus(θ₁x₁ + θ₂x₂), f = sin θ₁: DD-SF order 1, DD-SMF order 2 for ⟨x₁, νⁿ⟩ and ⟨sin x₂, νⁿ⟩; SGD by coupled Monte Carlo, adaptive paths",
        [4, 8, 16], 1_000, Run);

    private static IStudyJob Run(StudyRun run)
    {
        var data = MeanFieldData.For<SoftplusUnit>();
        const int n = 4;
        var particles = new double[2 * n];
        for (var k = 0; k < n; k++)
        {
            particles[2 * k] = 0.8 * Math.Cos(1.3 * k + 0.2) + 0.1 * k / n;
            particles[2 * k + 1] = 0.6 * Math.Sin(2.1 * k + 0.5) - 0.2;
        }
        return run.Apply(new MeanFieldOrderStudy<SoftplusUnit>(data, particles)
            .Observable(MeasureObservable.Mean(2, 0) with { Name = "⟨x₁, νⁿ⟩" })
            .Observable(MeasureObservable.Integral("⟨sin x₂, νⁿ⟩", 2, x => Math.Sin(x[1]))));
    }
}
