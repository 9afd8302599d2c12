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

    /// <summary>n.</summary>
    int ParticleCount { get; }

    /// <summary>d.</summary>
    int Dimension { get; }

    /// <summary>The time one step advances: α for SGD, the solver step h for the continuous models.</summary>
    double TimeStep { get; }

    /// <summary>Advances x in place by one step.</summary>
    void Step(double[] x, ulong seed, uint path, uint step);
}

/// <summary>The <see cref="Random.CounterRng"/> stream numbers used by the mean-field models.</summary>
public static class MeanFieldStreams
{
    /// <summary>Particle SGD: the uniform that picks the atom j ~ p.</summary>
    public const uint SgdAtom = 0x4D46_0001;

    /// <summary>DD-SF / DD-SMF: the N normals ξⱼ of the cylindrical noise, shared by all particles.</summary>
    public const uint CylindricalNoise = 0x4D46_0002;

    /// <summary>M1: the dn normals of the dn-dimensional Brownian increment.</summary>
    public const uint ClassicalNoise = 0x4D46_0003;
}
