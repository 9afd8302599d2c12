namespace FlowDsl.MeanField;

/// <summary>
/// One step of a mean-field particle model (math.md §4.4) on a configuration x (row-major n×d, see
/// <see cref="MeanFieldEvaluator{TModel}"/>). Every draw comes from <see cref="Random.CounterRng"/> keyed by
/// (seed, path, step, stream), so a path is a pure function of its seed, path index and initial configuration.
/// </summary>
public interface IMeanFieldStepper
{
    /// <summary>A short name, for example "DD-SMF (SH2, h = α/4)".</summary>
    string Name { get; }

    /// <summary>The unit's model name (<c>TModel.Name</c>), for error messages.</summary>
    string ModelName { get; }

    /// <summary>n.</summary>
    int ParticleCount { get; }

    /// <summary>d.</summary>
    int Dimension { get; }

    /// <summary>The time one step advances: α for SGD, the solver step h for the continuous models.</summary>
    double TimeStep { get; }

    /// <summary>Advances x in place by one step.</summary>
    void Step(double[] x, ulong seed, uint path, uint step);
}
