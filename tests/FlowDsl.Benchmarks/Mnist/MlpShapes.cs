namespace FlowDsl.Benchmarks.Mnist;

/// <summary>The hidden widths d1, d2 of a 784-d1-d2-10 network, as compile-time constants (value types, so the JIT specialises).</summary>
public interface IMlpShape
{
    /// <summary>Width d1 of the first hidden layer.</summary>
    static abstract int Hidden1 { get; }
    /// <summary>Width d2 of the second hidden layer.</summary>
    static abstract int Hidden2 { get; }
}

/// <summary>784-16-16-10: the shape of <c>MnistMlp</c>.</summary>
public readonly struct Mlp16x16 : IMlpShape
{
    /// <inheritdoc/>
    public static int Hidden1 => 16;
    /// <inheritdoc/>
    public static int Hidden2 => 16;
}

/// <summary>784-64-32-10: the shape of <c>MnistMlpWide</c>.</summary>
public readonly struct Mlp64x32 : IMlpShape
{
    /// <inheritdoc/>
    public static int Hidden1 => 64;
    /// <inheritdoc/>
    public static int Hidden2 => 32;
}
