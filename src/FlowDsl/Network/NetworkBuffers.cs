namespace FlowDsl.Network;

/// <summary>
/// The one place the network-scale code allocates its working vectors. A vector longer than
/// <see cref="MaximumLength"/> is refused: the matrix-free steppers need O(d) vectors, and a request of d² doubles for
/// d &gt; 4,096 (a dense Σ or Σ^{1/2}) is a bug, not a configuration.
/// </summary>
internal static class NetworkBuffers
{
    /// <summary>The longest vector the network code may allocate: 4,096² doubles (128 MiB) is where a d×d matrix would start.</summary>
    public const long MaximumLength = 4096L * 4096L;

    /// <summary>A new zeroed vector of <paramref name="length"/> doubles.</summary>
    public static double[] Vector(long length)
    {
        if (length > MaximumLength)
            throw new InvalidOperationException($"The network-scale code asked for a vector of {length:N0} doubles (more than {MaximumLength:N0}): a d×d object; it must stay matrix-free.");
        return new double[length];
    }
}
