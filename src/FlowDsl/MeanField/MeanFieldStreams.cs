namespace FlowDsl.MeanField;

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
