using FlowDsl.Schemes;

namespace FlowDsl.Simulation;

/// <summary>
/// Entry points for simulations of a risk model: SGD and its continuous models, on an ensemble of
/// <see cref="SimulationOptions.Paths"/> × n starting points, returned in structure-of-arrays layout.
/// </summary>
/// <example><code>
/// var options = new SimulationOptions { Alpha = 1.0 / 16, Paths = 10_000, StartingPoints = [[1.0, 1.0, 1.0]] };
/// Ensemble sgd = Simulator.Sgd&lt;Quadratic&gt;(options);
/// Ensemble smf = Simulator.Continuous&lt;Quadratic&gt;(ContinuousModel.Smf2, options);
/// </code></example>
public static class Simulator
{
    /// <summary>N = T/α steps of SGD from every starting point, on every path.</summary>
    public static Ensemble Sgd<TModel>(SimulationOptions options) where TModel : IRiskModel
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SgdSimulator<TModel>(new MeanRisk<TModel>(options.Law), options).Run();
    }

    /// <summary>The continuous model <paramref name="model"/> up to time T with the chosen scheme (h = α/K).</summary>
    public static Ensemble Continuous<TModel>(ContinuousModel model, SimulationOptions options) where TModel : IRiskModel
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scheme == SchemeKind.TalayTubaro)
            throw new ArgumentException("Talay–Tubaro extrapolates expectations, not states; use WeakErrorStudy (or run Euler–Maruyama at h and h/2).", nameof(options));
        return new SdeSimulator<TModel>(new MeanRisk<TModel>(options.Law), model, options).Run();
    }
}
